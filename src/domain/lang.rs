//! The two languages the product speaks, and how a reader's language is chosen: the page
//! sends `Accept-Language` (its chosen language first); a customer's booking keeps the
//! language it was made in.

/// A language the server writes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// The language of a stored tag such as `zh-CN` or `en`.
    pub fn of_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The most wanted of the two in an `Accept-Language` value (`zh-CN,zh;q=0.9,en;q=0.8`):
    /// the tag with the highest weight among those we speak; English when none is ours.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',').take(32) {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Lang::Zh
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Lang::En, |(_, lang)| lang)
    }
}

/// How a technician is named to a customer: in Chinese, a Chinese name becomes the
/// surname with 师傅 (王磊 → 王师傅), as a customer there expects; otherwise the full name.
pub fn technician_for_customer(name: &str, lang: Lang) -> String {
    let name = name.trim();
    match (lang, name.chars().next()) {
        (Lang::Zh, Some(first)) if is_han(first) => format!("{first}师傅"),
        _ => name.to_string(),
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF)
}

#[cfg(test)]
mod tests {
    use super::{technician_for_customer, Lang};

    #[test]
    fn a_chinese_customer_meets_master_gao() {
        assert_eq!(technician_for_customer("高伟", Lang::Zh), "高师傅");
        assert_eq!(technician_for_customer("高伟", Lang::En), "高伟");
        assert_eq!(technician_for_customer("Gao Wei", Lang::Zh), "Gao Wei");
        assert_eq!(technician_for_customer("Gao Wei", Lang::En), "Gao Wei");
    }

    #[test]
    fn the_most_wanted_language_we_speak_wins() {
        assert_eq!(Lang::from_accept_language("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr-FR,zh;q=0.5"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR,de;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh;q=0,en;q=0.1"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::of_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::of_tag("en"), Lang::En);
    }
}
