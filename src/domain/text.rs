//! Validated text: bounded strings and email addresses ("parse, don't validate").

use super::error::{FieldError, Invalid};
use super::msg::Msg;

/// Trims `value` and checks its length in characters; `min` 0 allows empty.
pub fn bounded(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let trimmed = value.trim();
    let len = trimmed.chars().count();
    if len < min {
        return Err(FieldError::new(
            field,
            if min == 1 { msg!("must-not-empty") } else { msg!("needs-least-characters", min = min) },
        ));
    }
    if len > max {
        return Err(FieldError::new(field, msg!("must-most-characters", max = max)));
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, msg!("must-not-contain-control-characters")));
    }
    Ok(trimmed.to_string())
}

/// A single-line bounded string (no line breaks at all: names, emails, phones).
pub fn line(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let s = bounded(field, value, min, max)?;
    if s.contains('\n') || s.contains('\r') || s.contains('\t') {
        return Err(FieldError::new(field, msg!("must-single-line")));
    }
    Ok(s)
}

/// An email address, lower-cased: one `@`, a dotted domain, no spaces, at most 254 chars.
pub fn email(field: &str, value: &str) -> Result<String, FieldError> {
    let s = line(field, value, 3, 254)?.to_lowercase();
    let bad = || FieldError::new(field, msg!("not-email-address"));
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',' || c == ';')
        || domain.contains('@')
    {
        return Err(bad());
    }
    Ok(s)
}

/// A phone number: digits with optional `+`, spaces, dashes and parentheses; 5–20 digits.
pub fn phone(field: &str, value: &str) -> Result<String, FieldError> {
    let s = line(field, value, 5, 32)?;
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let allowed = s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || !(5..=20).contains(&digits) {
        return Err(FieldError::new(field, msg!("not-phone-number")));
    }
    Ok(s)
}

/// A password for a new account: 10 to 256 characters.
pub fn password(field: &str, value: &str) -> Result<String, FieldError> {
    let n = value.chars().count();
    if n < 10 {
        return Err(FieldError::new(field, msg!("needs-least-10-characters")));
    }
    if n > 256 {
        return Err(FieldError::new(field, msg!("must-most-256-characters")));
    }
    Ok(value.to_string())
}

/// Collects the results of several field checks into one list of reasons.
#[derive(Default)]
pub struct Checks {
    errors: Vec<FieldError>,
}

impl Checks {
    /// Keeps the value or records why it was refused.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Records a refusal directly.
    pub fn push(&mut self, field: impl Into<String>, reason: Msg) {
        self.errors.push(FieldError::new(field, reason));
    }

    /// True when nothing was refused.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Ends the checks: `Ok` when nothing was refused, else every reason.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("e", " Li.Wei@Example.COM ").as_deref(), Ok("li.wei@example.com"));
        for bad in ["", "a", "a@b", "a@@b.cn", "a b@c.cn", "a@b.cn\r\nBcc: x@y.z", "@b.cn", "a@.cn"] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lines_refuse_breaks_and_overlong() {
        assert!(line("n", "a\nb", 1, 10).is_err());
        assert!(line("n", &"x".repeat(11), 1, 10).is_err());
        assert!(bounded("p", "two\nlines", 1, 20).is_ok());
        assert!(bounded("p", "  ", 1, 20).is_err());
    }

    #[test]
    fn phones() {
        assert!(phone("p", "+86 138-0000-1234").is_ok());
        assert!(phone("p", "call me").is_err());
        assert!(phone("p", "123").is_err());
    }
}
