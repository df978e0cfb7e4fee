from django.urls import URLPattern, URLResolver, path

from congminh.apps.directives import urging_views, views

app_name = "directives"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("register/", views.register, name="register"),
    path("incoming/", views.incoming_list, name="incoming"),
    path("incoming/<int:pk>/review/", views.review, name="review"),
    path("incoming/<int:pk>/file/", views.incoming_file, name="incoming_file"),
    path("list/", views.directive_list, name="list"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("tasks/", views.obligation_list, name="obligations"),
    path("tasks/<int:pk>/", views.obligation_detail, name="obligation"),
    path("tasks/<int:pk>/reports/<int:report_pk>/attachment/", views.report_attachment,
         name="report_attachment"),
    path("board/", views.board, name="board"),
    path("board.xlsx", views.board_xlsx, name="board_xlsx"),
    path("urging/", urging_views.urging_list, name="urging_list"),
    path("urging/new/", urging_views.urging_new, name="urging_new"),
    path("urging/<int:pk>/file/", urging_views.urging_file, name="urging_file"),
]
