//! The server's words in one reader's language: messages of the catalog, with skills named
//! as the database keeps them.

use crate::app::error::AppError;
use crate::db::DbConnection;
use crate::domain::lang::Lang;
use crate::domain::msg::Msg;
use crate::i18n::{render_stored, render_with};

/// The server's texts in one language, with the skills' names as the database keeps them.
pub struct Words {
    lang: Lang,
    skills: Vec<crate::db::skills::SkillRow>,
}

impl Words {
    /// Reads what writing in `lang` needs: the skills' names.
    pub fn load(conn: &mut DbConnection, lang: Lang) -> Result<Words, AppError> {
        Ok(Words { lang, skills: crate::db::skills::list(conn)? })
    }

    /// The language written in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A skill's name in the language, by its code.
    fn skill_name(&self, code: &str) -> Option<String> {
        let skill = self.skills.iter().find(|s| s.code == code)?;
        Some(if self.lang == Lang::Zh { skill.name_zh.clone() } else { skill.name.clone() })
    }

    /// `msg` in the language, skills by their names.
    pub fn write(&self, msg: &Msg) -> String {
        render_with(msg, self.lang, &|code| self.skill_name(code))
    }

    /// A stored message (id and arguments as JSON) in the language.
    pub fn stored(&self, id: &str, args: &str) -> String {
        render_stored(id, args, self.lang, &|code| self.skill_name(code))
    }
}
