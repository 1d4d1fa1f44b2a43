"""Identifiers typed into anonymous free text are hidden; ordinary numbers stay."""

import pytest

from changxiao.core.personal_data import redact_identifiers


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("电话13812345678，请回电", "电话***，请回电"),
        ("手机 138 1234 5678", "手机 ***"),
        ("+86-138-1234-5678找我", "***找我"),
        ("１３８１２３４５６７８", "***"),  # full-width digits from a phone's keyboard
        ("座机0512-65221234或010 12345678", "座机***或***"),
        ("身份证320503199001011234", "身份证***"),
        ("身份证号32050319900101123X。", "身份证号***。"),
        ("老身份证320503900101123", "老身份证***"),
        ("邮箱 zhang.san+lib@example.com.cn 谢谢", "邮箱 *** 谢谢"),
        ("邮箱zhang@example.com", "邮箱***"),
        ("２０２６年请拨１３８－１２３４－５６７８", "２０２６年请拨***"),
        ("a 138123456789 b", "a 138123456789 b"),  # 12 digits: not a mobile number
        ("加我QQ：12345678", "加我QQ：***"),
        ("qq 1234567890或微信号 zhang_san88", "qq ***或微信号 ***"),
        ("微信13812345678", "微信***"),  # both rules, one mark
        ("我的微信号是zhang_san88，QQ号码：87654321", "我的微信号是***，QQ号码：***"),
        ("WeChat: Lib-Fan2026.", "WeChat: ***."),
    ],
)
def test_identifiers_are_hidden(typed, kept):
    assert redact_identifiers(typed) == kept


@pytest.mark.parametrize(
    "ordinary",
    [
        "2026年3月开放了12个阅览室，每周开放56小时",
        "希望周末多一些亲子活动，9:00-17:00太短",
        "门牌号88号，第3层，座位120个",
        "借书证号码是12345678",
        "订单20261128",
        "微信公众号推送太少，QQ群也没人管",
        "希望多办vx小程序预约",
    ],
)
def test_ordinary_numbers_stay(ordinary):
    assert redact_identifiers(ordinary) == ordinary
