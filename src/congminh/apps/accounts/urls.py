from django.urls import path

from congminh.apps.accounts import twofactor

app_name = "accounts"

urlpatterns = [
    path("2fa/", twofactor.two_factor_view, name="two_factor"),
]
