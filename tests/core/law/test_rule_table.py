"""Table-driven due dates per rule, computed by hand from the article each row cites.

Counting (CONTRACTS.md §1): the start day is not counted; months end on the same
day-number (last day of a short month). Criminal (BLTTHS Đ.134 k1): "Khi tính thời hạn theo
ngày thì thời hạn sẽ hết vào lúc 24 giờ ngày cuối cùng của thời hạn" - a limit in days ends
on its last day even if off [M, `criminal_day_limits_roll: false`]; "Khi tính thời hạn theo
tháng ... nếu thời hạn hết vào ngày nghỉ thì ngày làm việc đầu tiên tiếp theo được tính là
ngày cuối cùng" - months move. Custody: months of 30 days, never moved, the first day counts
[M]. Civil, administrative, enforcement (BLDS 2015 Đ.147-148): a day off moves the end to the
next working day. BLTTHS-346, -346-DECISION and -277-HEARING still say `next_working_day`
(being changed elsewhere), so their rows still roll.
"""

from datetime import date

import pytest

from congminh.core.law.clocks import LawError
from congminh.core.law.evaluate import Engine, evaluate_traced
from congminh.core.law.obligations import compute_obligation

D = date
ROWS = [
    # (article checked, rule, selectors, start, extensions, pauses, expected due)
    ("BLTTHS Đ.172 k1: NT 3 months", "BLTTHS-172", {"category": "serious"},
     D(2026, 3, 10), [], [], D(2026, 6, 10)),
    ("BLTTHS Đ.172 k1: ÍNT 31/12 + 2 months = 28/2 (Sat) -> Mon 2/3", "BLTTHS-172",
     {"category": "less_serious"}, D(2025, 12, 31), [], [], D(2026, 3, 2)),
    ("BLTTHS Đ.172 k1: ÍNT 29/2/2024 + 2 months = 29/4 swapped day off, 30/4, 1/5 -> 2/5",
     "BLTTHS-172", {"category": "less_serious"}, D(2024, 2, 29), [], [], D(2024, 5, 2)),
    ("BLTTHS Đ.172 k2b: NT 3 + 3 + 2 months = 8 months", "BLTTHS-172", {"category": "serious"},
     D(2026, 1, 5), [(D(2026, 3, 20), 3, "months"), (D(2026, 6, 20), 2, "months")], [],
     D(2026, 9, 7)),  # 5/9/2026 is a Saturday
    ("BLTTHS Đ.172 k1, k2d, k3 đoạn 1: ĐBNT 4+4+4+4+4 = 20 months", "BLTTHS-172",
     {"category": "especially_serious"}, D(2026, 1, 2),
     [(D(2026, 4, 1), 4, "months")] * 4, [], D(2027, 9, 6)),
    # 2/9/2027 (Thu) and 3/9 Quốc khánh (BLLĐ 2019 Đ.112: 2/9 + an adjacent day), 4-5/9 weekend
    ("BLTTHS Đ.172 k3 đoạn 2: ĐBNT ANQG 24 months", "BLTTHS-172",
     {"category": "especially_serious", "national_security": True}, D(2026, 1, 2),
     [(D(2026, 4, 1), 4, "months")] * 5, [], D(2028, 1, 4)),
    # 2/1/2028 Sunday; Monday 3/1 is the day off compensating Tết Dương lịch on Sat 1/1
    # Đ.172 k3 đoạn 2: "Đối với tội xâm phạm an ninh quốc gia thì Viện trưởng Viện kiểm sát
    # nhân dân tối cao có quyền gia hạn thêm một lần không quá 04 tháng." - any category:
    # NT ANQG k1 3 + k2b 3 + 2 + k3 4 = 12 months, 5/1/2026 -> Tue 5/1/2027
    ("BLTTHS Đ.172 k3 đoạn 2: NT ANQG 3+3+2+4 = 12 months", "BLTTHS-172",
     {"category": "serious", "national_security": True}, D(2026, 1, 5),
     [(D(2026, 3, 20), 3, "months"), (D(2026, 6, 20), 2, "months"),
      (D(2026, 8, 20), 4, "months")], [], D(2027, 1, 5)),
    ("BLTTHS Đ.174 k1: after resumption NT 2 months", "BLTTHS-174-1", {"category": "serious"},
     D(2026, 9, 1), [], [], D(2026, 11, 2)),  # 1/11/2026 Sunday
    ("BLTTHS Đ.174 k2: VKS return 2 months", "BLTTHS-174-2", {"by": "procuracy"},
     D(2026, 6, 1), [], [], D(2026, 8, 3)),  # 1/8/2026 Saturday
    ("BLTTHS Đ.174 k2: court return 1 month", "BLTTHS-174-2", {"by": "court"},
     D(2026, 1, 31), [], [], D(2026, 3, 2)),  # 28/2/2026 Saturday
    ("BLTTHS Đ.240: NT 20 + 10 days", "BLTTHS-240", {"category": "serious"},
     D(2026, 4, 15), [(D(2026, 5, 1), 10, "days")], [], D(2026, 5, 15)),
    ("BLTTHS Đ.240: ĐBNT 30 days ending during Tết stays (Đ.134 k1: days)", "BLTTHS-240",
     {"category": "especially_serious"}, D(2026, 1, 18), [], [], D(2026, 2, 17)),
    ("BLTTHS Đ.277 k1: ÍNT 30 days ending on 30/4 (holiday) stays, Đ.134 k1", "BLTTHS-277", {"category": "less_serious"},
     D(2026, 3, 31), [], [], D(2026, 4, 30)),
    ("BLTTHS Đ.277 k1 (last paragraph): RNT 2 months + 30 days", "BLTTHS-277", {"category": "very_serious"},
     D(2026, 6, 10), [(D(2026, 8, 1), 30, "days")], [], D(2026, 9, 9)),
    ("BLTTHS Đ.346 k1: provincial appellate 60 days", "BLTTHS-346", {"court": "provincial"},
     D(2026, 3, 1), [], [], D(2026, 4, 30)),  # 30/4 holiday, kept (Đ.134 k1: days end on their last day)
    ("BLTTHS Đ.346 k1: appellate bench 90 days", "BLTTHS-346", {"court": "supreme_appellate"},
     D(2026, 3, 1), [], [], D(2026, 5, 30)),  # Saturday, kept (Đ.134 k1)
    ("BLTTHS Đ.173 k1: NT detention 3 custody months, first day counted, no roll",
     "BLTTHS-173", {"category": "serious"}, D(2026, 3, 10), [], [], D(2026, 6, 7)),
    ("BLTTHS Đ.173 k1, k2d, k6: ĐBNT 4 + 4 + 4 + 4 = 16 custody months", "BLTTHS-173",
     {"category": "especially_serious"}, D(2026, 1, 1), [(D(2026, 4, 1), 4, "months")] * 3, [],
     D(2027, 4, 25)),  # 1/1/2026 + 480 days - 1
    # Đ.173 k5: "Trường hợp cần thiết đối với tội xâm phạm an ninh quốc gia thì Viện trưởng Viện
    # kiểm sát nhân dân tối cao có quyền gia hạn thêm một lần không quá 04 tháng. Trường hợp
    # thời hạn gia hạn tạm giam quy định tại khoản này đã hết ... gia hạn thêm một lần nhưng
    # không quá 01 tháng đối với tội phạm nghiêm trọng, không quá 02 tháng đối với tội phạm rất
    # nghiêm trọng, ..." NT ANQG: k1 3 + k2b 2 + k5 4 + 1 = 10 custody months = 300 days,
    # first day counted: 1/1/2026 + 299 = 27/10/2026
    ("BLTTHS Đ.173 k5: NT ANQG detention 3 + 2 + 4 + 1 = 10 custody months", "BLTTHS-173",
     {"category": "serious", "national_security": True}, D(2026, 1, 1),
     [(D(2026, 3, 20), 2, "months"), (D(2026, 5, 20), 4, "months"),
      (D(2026, 9, 20), 1, "months")], [], D(2026, 10, 27)),
    # RNT ANQG: k1 4 + k2c 3 + k5 4 + 2 = 13 custody months = 390 days: 1/1/2026 + 389 = 25/1/2027
    ("BLTTHS Đ.173 k5: RNT ANQG detention 4 + 3 + 4 + 2 = 13 custody months", "BLTTHS-173",
     {"category": "very_serious", "national_security": True}, D(2026, 1, 1),
     [(D(2026, 4, 20), 3, "months"), (D(2026, 7, 20), 4, "months"),
      (D(2026, 11, 20), 2, "months")], [], D(2027, 1, 25)),
    # ĐBNT ANQG: k1 4 + k2d 4 + 4 + k5 4 + 4 = 20 custody months = 600 days: 1/1/2026 + 599
    ("BLTTHS Đ.173 k5: ĐBNT ANQG detention 4 + 4 + 4 + 4 + 4 = 20 custody months", "BLTTHS-173",
     {"category": "especially_serious", "national_security": True}, D(2026, 1, 1),
     [(D(2026, 4, 20), 4, "months")] * 4, [], D(2027, 8, 23)),
    ("BLTTHS Đ.118: holding 3 days ends on 1/5, never rolled", "BLTTHS-118", {},
     D(2026, 4, 28), [], [], D(2026, 5, 1)),
    ("BLTTDS Đ.203 k1a: 31/10 + 4 months = 28/2 (Sat) -> 2/3", "BLTTDS-203",
     {"case_kind": "civil_family"}, D(2025, 10, 31), [], [], D(2026, 3, 2)),
    ("BLTTDS Đ.203 k1b: 2 + 1 months", "BLTTDS-203", {"case_kind": "business_labour"},
     D(2026, 1, 15), [(D(2026, 3, 1), 1, "months")], [], D(2026, 4, 15)),
    ("BLTTDS Đ.203 k1a + k1 last paragraph: 4 + 2 months, 10/2 -> Mon 10/8", "BLTTDS-203",
     {"case_kind": "civil_family"}, D(2026, 2, 10), [(D(2026, 5, 1), 2, "months")], [],
     D(2026, 8, 10)),
    ("Luật TTHC Đ.130 k2: 2 months ending in Tết", "LTTHC-130", {"case_kind": "short"},
     D(2025, 12, 17), [], [], D(2026, 2, 23)),
    ("Luật TTHC Đ.130 k1: 4 months", "LTTHC-130", {"case_kind": "ordinary"},
     D(2026, 1, 5), [], [], D(2026, 5, 5)),
    ("THADS Đ.45: voluntary period 10 days", "THADS-45", {}, D(2026, 1, 5), [], [],
     D(2026, 1, 15)),
    ("THADS Đ.44: verification 10 days", "THADS-44", {}, D(2026, 1, 15), [], [], D(2026, 1, 26)),
    ("THADS Đ.44 k2: re-verification every 6 months", "THADS-44-REVERIFY",
     {"verification": "first"}, D(2026, 3, 31), [], [], D(2026, 9, 30)),
    ("THADS Đ.44 k2: re-verification 6 months, 31/8/2025 -> 28/2/2026 (Sat) -> Mon 2/3",
     "THADS-44-REVERIFY", {"verification": "first"}, D(2025, 8, 31), [], [], D(2026, 3, 2)),
    ("BLTTHS Đ.208 c: injury 9 days, 4 days waiting for documents not counted", "BLTTHS-208",
     {"expertise_kind": "injury"}, D(2026, 3, 2), [], [(D(2026, 3, 5), D(2026, 3, 9))],
     D(2026, 3, 15)),  # 11/3 + 4 = 15/3 Sunday, kept (Đ.134 k1: days)
    ("BLTTHS Đ.208 a: mental state 3 months", "BLTTHS-208", {"expertise_kind": "mental_state"},
     D(2026, 5, 31), [], [], D(2026, 9, 3)),
    # 31/8/2026 swapped day off (làm bù 22/8, unconfirmed), 1-2/9 Quốc khánh
    ("BLTTHS Đ.208 b: cause of death 1 month", "BLTTHS-208",
     {"expertise_kind": "cause_of_death"}, D(2026, 3, 30), [], [], D(2026, 4, 30 + 0) if False
     else D(2026, 5, 4)),
    ("Luật GĐTP Đ.26a k3 [M: extension]: 3 months + 45 days", "GDTP-26A", {}, D(2026, 1, 15),
     [(D(2026, 4, 1), 45, "days")], [], D(2026, 6, 1)),  # 30/5 Saturday
    ("Luật GĐTP Đ.26a k3 [M: extension]: complex 4 + 2 months, 15/1 -> Wed 15/7", "GDTP-26A",
     {"complex": True}, D(2026, 1, 15), [(D(2026, 4, 1), 2, "months")], [], D(2026, 7, 15)),
    ("Luật GĐTP Đ.24 k2d: refusal within 5 working days (Sat 26/4/2025 worked)",
     "GDTP-26A-REFUSAL", {}, D(2025, 4, 24), [], [], D(2025, 5, 5)),
    ("Luật GĐTP Đ.24 k2d: 5 working days from Tue 28/4/2026: 29/4, (30/4, 1/5 holidays, "
     "2-3/5 weekend) 4/5, 5/5, 6/5, 7/5 -> Thu 7/5", "GDTP-26A-REFUSAL", {}, D(2026, 4, 28), [],
     [], D(2026, 5, 7)),
    ("BLTTDS Đ.106 k3: evidence 15 days ending on 29 Tết", "BLTTDS-106", {}, D(2025, 1, 12),
     [], [], D(2025, 2, 3)),
    ("BLTTDS Đ.106 k3: 15 days, 16/4 -> 1/5 holiday, 2-3/5 weekend -> Mon 4/5", "BLTTDS-106", {},
     D(2026, 4, 16), [], [], D(2026, 5, 4)),
    ("Luật TTHC Đ.93 k3: evidence 15 days, 2/3 (Mon) -> Tue 17/3", "LTTHC-93", {},
     D(2026, 3, 2), [], [], D(2026, 3, 17)),
    ("Luật TTHC Đ.93 k3: evidence 15 days, 20/3 (Fri) -> Sat 4/4 -> Mon 6/4", "LTTHC-93", {},
     D(2026, 3, 20), [], [], D(2026, 4, 6)),
    # Đ.474 k1: "... phải được giải quyết ngay trong thời hạn 24 giờ kể từ khi nhận được khiếu
    # nại. Trường hợp cần phải có thời gian để xác minh thêm thì thời hạn giải quyết không được
    # quá 03 ngày kể từ ngày nhận được khiếu nại." Mon 2/3/2026 + 24 hours = Tue 3/3; with
    # verification (+2 days) Thu 5/3
    ("BLTTHS Đ.474 k1: custody complaint 24 hours", "BLTTHS-474", {}, D(2026, 3, 2), [], [],
     D(2026, 3, 3)),
    ("BLTTHS Đ.474 k1: custody complaint needing verification, at most 3 days", "BLTTHS-474", {},
     D(2026, 3, 2), [(D(2026, 3, 2), 2, "days")], [], D(2026, 3, 5)),
    # Đ.474 k2: "Trong thời hạn 07 ngày kể từ ngày nhận được khiếu nại, Viện trưởng Viện kiểm sát
    # cấp trên trực tiếp ... phải xem xét, giải quyết." 2/3 + 7 = Mon 9/3
    ("BLTTHS Đ.474 k2: higher procuracy on a custody complaint 7 days", "BLTTHS-474",
     {"level": "second"}, D(2026, 3, 2), [], [], D(2026, 3, 9)),
    ("BLTTHS Đ.475 k1: complaint 7 days", "BLTTHS-475", {}, D(2026, 3, 2), [], [], D(2026, 3, 9)),
    # Đ.475 k1: "Trong thời hạn 07 ngày kể từ ngày nhận được khiếu nại, Viện trưởng Viện kiểm sát
    # cùng cấp phải xem xét, giải quyết." 16/3 + 7 = Mon 23/3
    ("BLTTHS Đ.475 k1: second level (same-level procuracy) 7 days", "BLTTHS-475",
     {"level": "second"}, D(2026, 3, 16), [], [], D(2026, 3, 23)),
    ("BLTTHS Đ.476 k1: final complaint 15 days", "BLTTHS-476", {"level": "second"},
     D(2026, 3, 2), [], [], D(2026, 3, 17)),
    # Đ.476 k1: "... do Viện trưởng Viện kiểm sát xem xét, giải quyết trong thời hạn 07 ngày kể từ
    # ngày nhận được khiếu nại." Tue 3/3 + 7 = Tue 10/3
    ("BLTTHS Đ.476 k1: complaint against a prosecutor 7 days", "BLTTHS-476", {},
     D(2026, 3, 3), [], [], D(2026, 3, 10)),
    # Đ.481 k4: "... trong thời hạn 24 giờ kể từ khi nhận được tố cáo. Trường hợp phải xác minh
    # thêm thì thời hạn không quá 03 ngày kể từ ngày nhận được tố cáo." 2/3 + 24 h = 3/3; +2 = 5/3
    ("BLTTHS Đ.481 k4: custody denunciation 24 hours", "BLTTHS-481", {"against": "custody"},
     D(2026, 3, 2), [], [], D(2026, 3, 3)),
    ("BLTTHS Đ.481 k4: custody denunciation with verification, at most 3 days", "BLTTHS-481",
     {"against": "custody"}, D(2026, 3, 2), [(D(2026, 3, 3), 2, "days")], [], D(2026, 3, 5)),
    ("BLTTHS Đ.481 k3: denunciation 30 + 30 days", "BLTTHS-481", {}, D(2026, 3, 2),
     [(D(2026, 3, 20), 30, "days")], [], D(2026, 5, 1)),  # 1/5 holiday, kept (Đ.134 k1: days)
    ("BLTTDS Đ.505: complaint 15 days", "BLTTDS-505", {}, D(2026, 3, 2), [], [],
     D(2026, 3, 17)),
    ("BLTTDS Đ.512 k1: denunciation 2 months, 2/3 -> Sat 2/5 (30/4, 1/5 holidays) -> Mon 4/5",
     "BLTTDS-507", {}, D(2026, 3, 2), [], [], D(2026, 5, 4)),
    ("BLTTDS Đ.512 k1: complex, 2 + 1 months = 3 months, 2/3 -> Tue 2/6", "BLTTDS-507", {},
     D(2026, 3, 2), [(D(2026, 4, 20), 1, "months")], [], D(2026, 6, 2)),
    ("THADS Đ.146 k1: second complaint 30 days, 2/3 -> Wed 1/4", "THADS-142",
     {"level": "second"}, D(2026, 3, 2), [], [], D(2026, 4, 1)),
    ("THADS Đ.146 k1: first complaint 15 days, 6/3 -> Sat 21/3 -> Mon 23/3", "THADS-142",
     {"level": "first"}, D(2026, 3, 6), [], [], D(2026, 3, 23)),
    ("THADS Đ.146 k1, k5: first complaint 15 + 30 days, 2/3 -> 17/3 -> Thu 16/4", "THADS-142",
     {"level": "first"}, D(2026, 3, 2), [(D(2026, 3, 10), 30, "days")], [], D(2026, 4, 16)),
    ("THADS 106/2025 [M: carried over from 2008 Đ.146 k1, k5]: 15 + 30 days, 2/11 -> 17/11 -> "
     "Thu 17/12", "THADS-142", {"level": "first"}, D(2026, 11, 2), [(D(2026, 11, 10), 30, "days")],
     [], D(2026, 12, 17)),
    ("BLTTHS Đ.147 k1: crime report 20 days", "BLTTHS-147", {}, D(2026, 4, 10), [], [],
     D(2026, 4, 30)),  # 30/4 holiday, kept (Đ.134 k1: days)
    ("BLTTHS Đ.147 k2: complex 2 months + VKS 2 months", "BLTTHS-147", {"complex": True},
     D(2026, 1, 10), [(D(2026, 3, 1), 2, "months")], [], D(2026, 5, 11)),  # 10/5 Sunday
    ("BLTTHS Đ.149 k1: resumed crime report 'không quá 01 tháng kể từ ngày ra quyết định phục "
     "hồi', 31/1 + 1 month = 28/2 (Sat) -> Mon 2/3", "BLTTHS-149", {}, D(2026, 1, 31), [], [],
     D(2026, 3, 2)),
    # After a first-instance judgment (legal-facts §1.8, §2.5, §3.1)
    ("BLTTHS Đ.262 k1: written judgment within 10 days", "BLTTHS-262", {}, D(2026, 4, 10), [],
     [], D(2026, 4, 20)),
    ("BLTTHS Đ.333 k1: appeal 15 days; 25/4 Sat, 26/4 Giỗ Tổ (Sun), 27/4 compensating; ends Sat 25/4 (Đ.134 k1: days)",
     "BLTTHS-333", {}, D(2026, 4, 10), [], [], D(2026, 4, 25)),
    ("BLTTHS Đ.333 k1: absent accused, 15 days from receipt", "BLTTHS-333-ABSENT", {},
     D(2026, 5, 4), [], [], D(2026, 5, 19)),
    ("BLTTHS Đ.337 [M]: same-level protest 15 days", "BLTTHS-337", {}, D(2026, 4, 10), [], [],
     D(2026, 4, 25)),  # Sat, kept (Đ.134 k1: days)
    ("BLTTHS Đ.337 [M]: higher-level protest 30 days; 10/5 Sunday, kept (Đ.134 k1)", "BLTTHS-337-HIGHER", {},
     D(2026, 4, 10), [], [], D(2026, 5, 10)),
    ("Luật TTHC Đ.221 k1: appellate preparation 60 days, 1/5 holiday, 2-3/5 weekend",
     "LTTHC-221", {}, D(2026, 3, 2), [], [], D(2026, 5, 4)),
    ("Luật TTHC Đ.221 k1, k2: 60 + 30 days ends Sunday 31/5 -> Monday 1/6", "LTTHC-221", {},
     D(2026, 3, 2), [(D(2026, 4, 20), 30, "days")], [], D(2026, 6, 1)),
    ("Luật TTHC Đ.221 k1, k2: 15/6 + 60 days = Fri 14/8, + 30 = Sun 13/9 -> Mon 14/9",
     "LTTHC-221", {}, D(2026, 6, 15), [(D(2026, 8, 1), 30, "days")], [], D(2026, 9, 14)),
    ("BLTTDS Đ.273 [M]: appeal 15 days", "BLTTDS-273", {}, D(2026, 6, 1), [], [], D(2026, 6, 16)),
    ("BLTTDS Đ.280 k1: higher-level protest 1 month, 31/1 -> 28/2 (Sat) -> 2/3",
     "BLTTDS-280-HIGHER", {}, D(2026, 1, 31), [], [], D(2026, 3, 2)),
    ("Luật TTHC Đ.206: appeal 15 days", "LTTHC-206", {}, D(2026, 6, 1), [], [], D(2026, 6, 16)),
    ("Luật TTHC Đ.213 [M]: higher-level protest 30 days", "LTTHC-213-HIGHER", {}, D(2026, 6, 1),
     [], [], D(2026, 7, 1)),
    ("BLTTDS Đ.269 k2 [M]: civil written judgment 10 days, 21/4 + 10 = 1/5 holiday, 2-3/5 weekend",
     "BLTTDS-269", {}, D(2026, 4, 21), [], [], D(2026, 5, 4)),
    ("BLTTDS Đ.269 k2 [M]: 10 days from 5/6 end on Monday 15/6", "BLTTDS-269", {},
     D(2026, 6, 5), [], [], D(2026, 6, 15)),
    ("Luật TTHC [M: article]: written judgment 7 days; 30/4, 1/5 holidays, 2-3/5 weekend",
     "LTTHC-JUDGMENT", {}, D(2026, 4, 23), [], [], D(2026, 5, 4)),
    # Hearing, decision and appellate clocks and the windows of persons absent or of the
    # same-level procuracy (every rule file has a row; dates checked against a calendar)
    ("BLTTDS Đ.203 k4: hearing within 1 month of the decision, 10/6 -> Fri 10/7",
     "BLTTDS-203-HEARING", {}, D(2026, 6, 10), [], [], D(2026, 7, 10)),
    ("BLTTDS Đ.203 k4 [M: extension]: 1 + 1 month, 11/6 -> 11/8 (Tue)", "BLTTDS-203-HEARING",
     {}, D(2026, 6, 11), [(D(2026, 7, 1), 1, "months")], [], D(2026, 8, 11)),
    ("BLTTDS Đ.203 k4: 11/6 + 1 month = Sat 11/7 -> Mon 13/7", "BLTTDS-203-HEARING", {},
     D(2026, 6, 11), [], [], D(2026, 7, 13)),
    ("BLTTDS Đ.273 [M]: absent party 15 days from receipt, 12/4 -> 27/4 (day off for Giỗ "
     "Tổ on Sunday 26/4) -> 28/4", "BLTTDS-273-ABSENT", {}, D(2026, 4, 12), [], [],
     D(2026, 4, 28)),
    ("BLTTDS Đ.280 k1: same-level protest 15 days, 17/7 -> Sat 1/8 -> Mon 3/8", "BLTTDS-280",
     {}, D(2026, 7, 17), [], [], D(2026, 8, 3)),
    ("BLTTDS Đ.280 k1: same-level protest 15 days, 16/4 -> 1/5 holiday, 2-3/5 weekend -> Mon 4/5",
     "BLTTDS-280", {}, D(2026, 4, 16), [], [], D(2026, 5, 4)),
    ("BLTTDS Đ.286 [M]: appellate preparation 2 months, 15/6 -> Sat 15/8 -> Mon 17/8",
     "BLTTDS-286", {}, D(2026, 6, 15), [], [], D(2026, 8, 17)),
    ("BLTTDS Đ.286 [M]: 2 + 1 months, 15/6 -> Tue 15/9", "BLTTDS-286", {}, D(2026, 6, 15),
     [(D(2026, 8, 1), 1, "months")], [], D(2026, 9, 15)),
    ("BLTTHS Đ.277 k3: hearing within 15 days, 1/7 -> Thu 16/7", "BLTTHS-277-HEARING", {},
     D(2026, 7, 1), [], [], D(2026, 7, 16)),
    ("BLTTHS Đ.277 k3: 15 + 15 days (force majeure), 1/7 -> Fri 31/7", "BLTTHS-277-HEARING",
     {}, D(2026, 7, 1), [(D(2026, 7, 10), 15, "days")], [], D(2026, 7, 31)),
    ("BLTTHS Đ.277 k2: file back from supplementary investigation 15 days, 3/7 -> Sat 18/7 "
     "kept (Đ.134 k1: days)", "BLTTHS-277-RETURN", {"returned_by": "court"}, D(2026, 7, 3), [], [],
     D(2026, 7, 18)),
    ("BLTTHS Đ.346 k2: provincial appellate decision 45 days, 1/6 -> Thu 16/7",
     "BLTTHS-346-DECISION", {"court": "provincial"}, D(2026, 6, 1), [], [], D(2026, 7, 16)),
    ("BLTTHS Đ.346 k2: appellate bench decision 75 days, 1/6 -> Sat 15/8, kept (Đ.134 k1)",
     "BLTTHS-346-DECISION", {"court": "supreme_appellate"}, D(2026, 6, 1), [], [],
     D(2026, 8, 15)),
    # Đ.277 k1 last paragraph: "... không quá 15 ngày đối với tội phạm ít nghiêm trọng và tội
    # phạm nghiêm trọng, ..." NT 45 days from 2/3/2026 -> 16/4, + 15 = 1/5 (holiday), kept
    # (Đ.134 k1: a limit in days ends on its last day)
    ("BLTTHS Đ.277 k1 (last paragraph): NT 45 + 15 days, 2/3 -> 1/5 holiday, kept (Đ.134 k1)",
     "BLTTHS-277", {"category": "serious"}, D(2026, 3, 2), [(D(2026, 4, 1), 15, "days")], [],
     D(2026, 5, 1)),
    # Đ.277 k2: "... trong thời hạn 15 ngày kể từ ngày nhận lại hồ sơ, Thẩm phán chủ tọa phiên
    # tòa phải ra quyết định đưa vụ án ra xét xử." 16/4/2026 + 15 = Fri 1/5 holiday, kept
    # (Đ.134 k1)
    ("BLTTHS Đ.277 k2: file back 16/4 + 15 days = 1/5 holiday, kept (Đ.134 k1)", "BLTTHS-277-RETURN",
     {"returned_by": "court"}, D(2026, 4, 16), [], [], D(2026, 5, 1)),
    # Đ.346 k1: "Tòa án nhân dân cấp tỉnh ... phải mở phiên tòa phúc thẩm trong thời hạn 60
    # ngày; ..." 17/7/2026 + 60 = Tue 15/9 (2/9 Quốc khánh lies inside, no effect)
    ("BLTTHS Đ.346 k1: provincial appellate 60 days, 17/7 -> Tue 15/9", "BLTTHS-346",
     {"court": "provincial"}, D(2026, 7, 17), [], [], D(2026, 9, 15)),
    # Đ.346 k2: "Trong thời hạn 45 ngày đối với Tòa án nhân dân cấp tỉnh, ... kể từ ngày thụ lý
    # vụ án": 18/3/2026 + 45 = Sat 2/5, kept (Đ.134 k1: a limit in days ends on its last day)
    ("BLTTHS Đ.346 k2: provincial appellate decision 45 days, 18/3 -> Sat 2/5, kept",
     "BLTTHS-346-DECISION", {"court": "provincial"}, D(2026, 3, 18), [], [], D(2026, 5, 2)),
    ("Luật TTHC Đ.149: hearing within 20 days, 1/7 -> Tue 21/7", "LTTHC-130-HEARING",
     {}, D(2026, 7, 1), [], [], D(2026, 7, 21)),
    ("Luật TTHC Đ.149 [M: extension]: 20 + 10 days, 1/7 -> Fri 31/7", "LTTHC-130-HEARING", {},
     D(2026, 7, 1), [(D(2026, 7, 15), 10, "days")], [], D(2026, 7, 31)),
    ("Luật TTHC Đ.149: 20 days, 10/4 -> 30/4 holiday, 1/5 holiday, 2-3/5 weekend -> Mon 4/5",
     "LTTHC-130-HEARING", {}, D(2026, 4, 10), [], [], D(2026, 5, 4)),
    ("Luật TTHC Đ.206: absent party 15 days from receipt, 20/7 -> Tue 4/8", "LTTHC-206-ABSENT",
     {}, D(2026, 7, 20), [], [], D(2026, 8, 4)),
    ("Luật TTHC Đ.213 [M]: same-level protest 15 days, 17/7 -> Sat 1/8 -> Mon 3/8",
     "LTTHC-213", {}, D(2026, 7, 17), [], [], D(2026, 8, 3)),
    # Postponed first-instance hearings (issue 9, item 2): the clock runs from the decision
    # to postpone and ends when the hearing reopens (`hearing_opened`).
    # BLTTHS Đ.297 k2: "Thời hạn hoãn phiên tòa sơ thẩm không được quá 30 ngày kể từ ngày ra
    # quyết định hoãn phiên tòa." 6/7/2026 (Mon) + 30 days: 25 days to 31/7, 5 more -> Wed 5/8
    # (1/8/2026 is a Saturday).
    ("BLTTHS Đ.297 k2: postponed 30 days, 6/7 -> Wed 5/8", "BLTTHS-297", {},
     D(2026, 7, 6), [], [], D(2026, 8, 5)),
    # 14/9/2026 (Mon) + 30 days: 16 days to 30/9, 14 more -> Wed 14/10 (1/10/2026 is a
    # Thursday); a working day, so Đ.134 k1's roll question does not arise.
    ("BLTTHS Đ.297 k2: postponed 30 days, 14/9 -> Wed 14/10", "BLTTHS-297", {},
     D(2026, 9, 14), [], [], D(2026, 10, 14)),
    # BLTTDS Đ.233 k1: "Thời hạn hoãn phiên tòa là không quá 01 tháng, ... kể từ ngày ra quyết
    # định hoãn phiên tòa." 10/6/2026 + 1 month = Fri 10/7; 11/6 + 1 month = Sat 11/7 -> Mon 13/7
    ("BLTTDS Đ.233 k1: postponed 1 month, 10/6 -> Fri 10/7", "BLTTDS-233", {},
     D(2026, 6, 10), [], [], D(2026, 7, 10)),
    ("BLTTDS Đ.233 k1: postponed 1 month, 11/6 -> Sat 11/7 -> Mon 13/7", "BLTTDS-233", {},
     D(2026, 6, 11), [], [], D(2026, 7, 13)),
    # Luật TTHC Đ.163 k1: "Thời hạn hoãn phiên tòa sơ thẩm không quá 30 ngày kể từ ngày Hội đồng
    # xét xử ra quyết định hoãn phiên tòa, ..." 1/7/2026 + 30 = Fri 31/7; 1/4/2026 + 30 = Fri
    # 1/5 (holiday), 2-3/5 weekend -> Mon 4/5
    ("Luật TTHC Đ.163 k1: postponed 30 days, 1/7 -> Fri 31/7", "LTTHC-163", {},
     D(2026, 7, 1), [], [], D(2026, 7, 31)),
    ("Luật TTHC Đ.163 k1: postponed 30 days, 1/4 -> 1/5 holiday -> Mon 4/5", "LTTHC-163", {},
     D(2026, 4, 1), [], [], D(2026, 5, 4)),
    # Custody tied to a stage (legal-facts §1.4): nominal length before the stage cap
    # Đ.134 k1 "Khi tính thời hạn tạm giữ, tạm giam thì thời hạn hết vào ngày kết thúc thời
    # hạn được ghi trong lệnh": never moved; the order day is day 1 at every stage [M].
    ("BLTTHS Đ.241 [M]: NT detention to prosecute 20 days from 22/3 (day 1), never rolled "
     "(10/4 Saturday)",
     "BLTTHS-241", {"category": "serious"}, D(2026, 3, 22), [], [], D(2026, 4, 10)),
    ("BLTTHS Đ.278 k2 [M]: RNT detention for trial 2 custody months = 60 days from 2/3 (day 1), "
     "ends on 30/4",
     "BLTTHS-278", {"category": "very_serious"}, D(2026, 3, 2), [], [], D(2026, 4, 30)),
    ("BLTTHS Đ.174 k4 [M]: detention after a court return 1 custody month = 30 days, 1/2 + 29",
     "BLTTHS-174-4", {"returned_by": "court"}, D(2026, 2, 1), [], [], D(2026, 3, 2)),
    ("BLTTHS Đ.329 [M]: detention after judgment 45 days from 17/3 (day 1), ends on 30/4",
     "BLTTHS-329", {}, D(2026, 3, 17), [], [], D(2026, 4, 30)),
]


def test_every_rule_has_a_table_row() -> None:
    """Item 8 of the law-engine issue: each statutory clock has hand-computed rows here."""
    assert {rule.id for rule in Engine.default().rules.all()} <= {row[1] for row in ROWS}


@pytest.mark.parametrize(("article", "rule_id", "selectors", "start", "exts", "pauses", "due"),
                         ROWS, ids=[r[0] for r in ROWS])
def test_due_date(article: str, rule_id: str, selectors: dict[str, object], start: date,
                  exts: list[tuple[date, int, str]], pauses: list[tuple[date, date]],
                  due: date) -> None:
    result = compute_obligation(rule_id, start=start, as_of=start, extensions=exts,
                                pauses=pauses, **selectors)
    assert result.dates is not None
    assert result.dates.due == due


@pytest.mark.parametrize(
    ("article", "rule_id", "selectors", "exts", "message"),
    [
        ("BLTTHS Đ.172 k2a: ÍNT extends once", "BLTTHS-172", {"category": "less_serious"},
         [(D(2026, 3, 1), 2, "months")] * 2, "lần thứ 2, vượt quá giới hạn"),
        ("BLTTHS Đ.172 k2b: NT second extension ≤ 2 months", "BLTTHS-172",
         {"category": "serious"}, [(D(2026, 3, 1), 3, "months")] * 2,
         r"Thời hạn điều tra không quá 8 tháng kể cả gia hạn \(BLTTHS 2015 Điều 172 khoản 2 "
         r"điểm b\): gia hạn lần thứ 2 .* vượt quá mức tối đa 2 tháng"),
        ("BLTTHS Đ.240: NT extension ≤ 10 days", "BLTTHS-240", {"category": "serious"},
         [(D(2026, 3, 1), 11, "days")], "vượt quá mức tối đa 10 ngày"),
        ("BLTTDS Đ.512 k1: denunciation at most 3 months in all", "BLTTDS-507", {},
         [(D(2026, 2, 20), 2, "months")], "vượt quá mức tối đa 1 tháng"),
        ("BLTTHS Đ.118: holding extended twice at most", "BLTTHS-118", {},
         [(D(2026, 3, 1), 3, "days")] * 3, "chỉ được gia hạn 2 lần"),
        ("BLTTHS Đ.172 k2a, k3: ÍNT ANQG extends twice (2 months, then 4)", "BLTTHS-172",
         {"category": "less_serious", "national_security": True},
         [(D(2026, 3, 1), 2, "months"), (D(2026, 5, 1), 4, "months"),
          (D(2026, 9, 1), 1, "months")], "lần thứ 3"),
        ("BLTTHS Đ.172 k2b: NT without ANQG has no third extension", "BLTTHS-172",
         {"category": "serious"}, [(D(2026, 3, 1), 3, "months"), (D(2026, 5, 1), 2, "months"),
                                   (D(2026, 7, 1), 4, "months")], "lần thứ 3"),
        ("BLTTHS Đ.173 k5: RNT ANQG last extension ≤ 2 months", "BLTTHS-173",
         {"category": "very_serious", "national_security": True},
         [(D(2026, 3, 1), 3, "months"), (D(2026, 5, 1), 4, "months"),
          (D(2026, 8, 1), 3, "months")], r"khoản 5\): gia hạn lần thứ 3 .* vượt quá mức tối đa 2"),
        ("BLTTHS Đ.173 k2b: NT without ANQG extends once", "BLTTHS-173",
         {"category": "serious"}, [(D(2026, 3, 1), 2, "months")] * 2, "lần thứ 2"),
        ("BLTTHS Đ.173 k6: ĐBNT without ANQG stops at 16 months", "BLTTHS-173",
         {"category": "especially_serious"}, [(D(2026, 3, 1), 4, "months")] * 4, "lần thứ 4"),
        ("BLTTHS Đ.481 k4: custody denunciation at most 3 days", "BLTTHS-481",
         {"against": "custody"}, [(D(2026, 1, 5), 3, "days")], "vượt quá mức tối đa 2 ngày"),
        ("BLTTHS Đ.474 k2: the higher procuracy's 7 days are not extended", "BLTTHS-474",
         {"level": "second"}, [(D(2026, 1, 6), 2, "days")], "không được gia hạn"),
        ("BLTTHS Đ.172 k3: ĐBNT without ANQG stops at 20 months", "BLTTHS-172",
         {"category": "especially_serious"}, [(D(2026, 3, 1), 4, "months")] * 5,
         "lần thứ 5"),
    ],
)
def test_extension_beyond_cap_is_rejected(article: str, rule_id: str,
                                          selectors: dict[str, object],
                                          exts: list[tuple[date, int, str]], message: str) -> None:
    with pytest.raises(LawError, match=message):
        compute_obligation(rule_id, start=D(2026, 1, 5), as_of=D(2026, 1, 5), extensions=exts,
                           **selectors)


def test_max_due_is_the_full_extension_headroom() -> None:
    # BLTTHS Đ.172: NT 3 + 3 + 2 = 8 months from 10/3/2026 -> 10/11/2026 (Tue).
    result = compute_obligation("BLTTHS-172", start=D(2026, 3, 10), as_of=D(2026, 3, 10),
                                category="serious")
    assert result.dates is not None and result.dates.max_due == D(2026, 11, 10)


def test_done_obligation_status() -> None:
    # BLTTDS Đ.106: 15 days from 2/3/2026 -> 17/3; answered on 18/3 is late.
    late = compute_obligation("BLTTDS-106", start=D(2026, 3, 2), as_of=D(2026, 4, 1),
                              done=D(2026, 3, 18))
    assert late.status == "done_late"


def _hearing_items(events: list[tuple[str, str]]) -> dict[str, tuple[object, object, object]]:
    """A serious-crime case brought to trial on Wed 1/7/2026, then `events`: each hearing
    clock as (due, end date, end event)."""
    history = [("case_instituted", "2026-01-05"), ("investigation_concluded", "2026-03-02"),
               ("indicted", "2026-03-12"), ("accepted", "2026-03-16"),
               ("brought_to_trial", "2026-07-01"), *events]
    case = {"id": "H-1", "procedure": "criminal", "category": "serious",
            "events": [{"type": t, "date": d} for t, d in history]}
    ev = evaluate_traced(case, D(2026, 9, 1), trace=False)
    assert not ev.reduction.errors
    return {i.rule.id: (i.dates.due if i.dates else None, i.clock.ended, i.clock.end_event)
            for i in ev.items if i.rule.id in ("BLTTHS-277-HEARING", "BLTTHS-297")}


def test_hearing_clock_ends_when_the_hearing_opens() -> None:
    # BLTTHS Đ.277 k3: "Trong thời hạn 15 ngày kể từ ngày có quyết định đưa vụ án ra xét xử,
    # Tòa án phải mở phiên tòa": 1/7/2026 + 15 = Thu 16/7. Opened Tue 14/7: the clock ends
    # on 14/7 by the opening (not at the judgment of 20/8).
    items = _hearing_items([("hearing_opened", "2026-07-14"), ("judgment_pronounced", "2026-08-20")])
    assert items["BLTTHS-277-HEARING"] == (D(2026, 7, 16), D(2026, 7, 14), "hearing_opened")
    assert "BLTTHS-297" not in items


def test_postponement_opens_its_own_clock_until_the_hearing_reopens() -> None:
    # Postponed Tue 14/7/2026: the 15-day clock ends there; Đ.297 k2: 14/7 + 30 days = Thu 13/8
    # (1/8 is a Saturday, so 13/8 a Thursday). Reopened Mon 10/8: the postponement clock ends.
    items = _hearing_items([("hearing_postponed", "2026-07-14"), ("hearing_opened", "2026-08-10")])
    assert items["BLTTHS-277-HEARING"] == (D(2026, 7, 16), D(2026, 7, 14), "hearing_postponed")
    assert items["BLTTHS-297"] == (D(2026, 8, 13), D(2026, 8, 10), "hearing_opened")
