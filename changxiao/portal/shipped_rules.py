"""The opening rules shipped with the platform, each with its source. The law's rules are verified against their text
(wave-2 anchors, LawRefBook mirror); the weekly minimums are examples from provincial standards, marked unverified:
a zone's office sets its own (OpeningRule with an owner), which wins over these. Written by migration 0002 and, where
they are missing, by services.shipped_rules_ensure."""

# rule, facility kind, level, value, source, verified
SHIPPED = [
    # rule, facility kind, level, value, source, verified
    ("hours_published", "", "", None, "公共文化服务保障法 第31条第4款：公示服务项目和开放时间", True),
    (
        "notice",
        "",
        "",
        7,
        "公共文化体育设施条例 第18条：因维修等原因需要暂时停止开放的，应当提前7日向公众公示",
        True,
    ),
    (
        "pupils_day",
        "",
        "",
        None,
        "公共文化服务保障法 第31条第2款：收费的应当每月定期向中小学生免费开放",
        True,
    ),
    ("weekends", "library", "", None, "公共图书馆法 第38条：在公休日应当开放", True),
    ("holidays", "library", "", None, "公共图书馆法 第38条：在国家法定节假日应当有开放时间", True),
    (
        "holidays",
        "museum",
        "",
        None,
        "博物馆条例 第29条：在国家法定节假日和学校寒暑假期间，博物馆应当开放",
        True,
    ),
    (
        "weekly_minimum",
        "library",
        "county",
        56,
        "四川省公共文化服务指导标准（2026—2030年）县级馆每周不少于56小时（示例，未核实）",
        False,
    ),
    (
        "weekly_minimum",
        "library",
        "city",
        63,
        "四川省公共文化服务指导标准（2026—2030年）市级馆每周不少于63小时（示例，未核实）",
        False,
    ),
    (
        "weekly_minimum",
        "township_centre",
        "",
        42,
        "某地级市标准：乡镇综合文化站每周不少于42小时（示例，未核实）",
        False,
    ),
    (
        "weekly_minimum",
        "village_centre",
        "",
        42,
        "江苏《村（社区）综合性文化服务中心服务规范》：周累计开放时间应不少于42小时（未核实）",
        False,
    ),
]
