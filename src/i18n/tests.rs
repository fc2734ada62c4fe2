use super::{captures, translate, Lang};

#[test]
fn a_pattern_gives_back_the_parts_filled_in() {
    assert_eq!(captures("{} not found", "visit not found"), Some(vec!["visit".to_string()]));
    assert_eq!(
        captures("cannot {} this visit now: it is {}", "cannot arrive at this visit now: it is on the way"),
        Some(vec!["arrive at".to_string(), "on the way".to_string()])
    );
    assert_eq!(captures("must be {}", "must be CNY"), Some(vec!["CNY".to_string()]));
    assert_eq!(captures("must be HH:MM", "must be HH:MM"), Some(vec![]));
    assert_eq!(captures("must be HH:MM", "must be HH:MM!"), None);
    assert_eq!(captures("{} not found", " not found"), None);
}

#[test]
fn chinese_readers_get_chinese_with_the_filled_in_parts_translated_or_kept() {
    let zh = |m: &str| translate(m, Lang::Zh).unwrap_or_else(|| panic!("no entry for {m:?}"));
    assert_eq!(zh("visit not found"), "找不到该上门");
    assert_eq!(zh("cannot start the way to this visit now: it is on the way"), "现在无法出发：这次上门技师正在路上");
    assert_eq!(zh("must be at most 200 characters"), "最多 200 个字符");
    assert_eq!(zh("too many attempts, try again in 30 seconds"), "尝试次数太多，请 30 秒后再试");
    assert_eq!(zh("a technician may not do this"), "技师无权进行此操作");
    assert_eq!(
        zh("next-day call: the customer is not satisfied; no follow-up opened: a follow-up can be opened once the repair is completed"),
        "次日回访：客户不满意，未能再次报修：维修完成后才能申请回访",
        "a message inside another is translated too"
    );
    assert_eq!(
        zh("next-day call: the customer is not satisfied; no follow-up opened: follow-up R-7 of this repair is still open; it is tracked under its own link"),
        "次日回访：客户不满意，未能再次报修：这次维修的回访 R-7 尚未结束，请通过它自己的链接查看",
        "with its own filled-in parts"
    );
    assert_eq!(translate("nothing we ever wrote", Lang::Zh), None);
    assert_eq!(translate("sign in first", Lang::En).as_deref(), Some("sign in first"));
}
