//! Phone numbers as the telephone network knows them: parsed with libphonenumber's data (the
//! `phonenumber` crate), in a default region when written without a country code, kept in
//! E.164 (`+8613805710000`). A Chinese mobile is 11 digits starting 13 to 19.

use std::fmt;

use phonenumber::country::Id;
use phonenumber::{Mode, PhoneNumber};

use super::error::FieldError;
use super::msg::Msg;
use super::text;

/// The region a number without a country code is read in when none is configured.
pub const DEFAULT_REGION: &str = "CN";

/// Whether `region` is a region libphonenumber knows (ISO 3166 alpha-2, e.g. `CN`).
pub fn is_region(region: &str) -> bool {
    region.parse::<Id>().is_ok()
}

/// A valid phone number, in E.164.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    e164: String,
    mobile: bool,
}

impl Phone {
    /// Reads `value` as a phone number, in `region` (ISO 3166 alpha-2, e.g. `CN`) when it has
    /// no country code. Refused with the reason a person can act on: not a number at all, too
    /// short, too long, or no such number.
    pub fn parse(field: &str, value: &str, region: &str) -> Result<Phone, FieldError> {
        let s = text::line(field, value, 1, 40)?;
        let allowed = s.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits = s.chars().filter(char::is_ascii_digit).count();
        if !allowed || digits == 0 {
            return Err(FieldError::new(field, msg!("not-phone-number")));
        }
        if digits < 5 {
            return Err(FieldError::new(field, msg!("phone-too-short")));
        }
        if digits > 17 {
            return Err(FieldError::new(field, msg!("phone-too-long")));
        }
        let country = region.parse::<Id>().ok();
        let number = phonenumber::parse(country, &s).map_err(|_| FieldError::new(field, msg!("not-phone-number")))?;
        if !number.is_valid() {
            return Err(FieldError::new(field, shortfall(&number, &s)));
        }
        let mobile = matches!(
            number.number_type(&phonenumber::metadata::DATABASE),
            phonenumber::Type::Mobile | phonenumber::Type::FixedLineOrMobile
        );
        Ok(Phone { e164: number.format().mode(Mode::E164).to_string(), mobile })
    }

    /// The number in E.164 with its `+`.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// Whether text messages can reach it (a mobile number, or one that may be).
    pub fn is_mobile(&self) -> bool {
        self.mobile
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164)
    }
}

/// Why a parsed number is not a real one: for a Chinese mobile (1 and 13–19) the digit count
/// tells; otherwise there is no such number.
fn shortfall(number: &PhoneNumber, typed: &str) -> Msg {
    let national = number.national().value().to_string();
    if number.code().value() == 86 && national.starts_with('1') {
        if national.len() < 11 {
            return msg!("mobile-cn-too-short");
        }
        if national.len() > 11 {
            return msg!("mobile-cn-too-long");
        }
    }
    if typed.chars().filter(char::is_ascii_digit).count() < 7 {
        return msg!("phone-too-short");
    }
    msg!("phone-not-valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(value: &str) -> String {
        Phone::parse("phone", value, "CN")
            .err()
            .map(|e| crate::i18n::render(&e.reason, crate::i18n::Lang::En))
            .unwrap_or_default()
    }

    #[test]
    fn chinese_mobiles_in_every_common_spelling_become_one_e164() {
        for typed in ["13805710000", "138 0571 0000", "+86 138 0571 0000", "+86-138-0571-0000", "0086 13805710000"] {
            let phone = Phone::parse("phone", typed, "CN").unwrap_or_else(|e| panic!("{typed}: {}", e.reason));
            assert_eq!(phone.e164(), "+8613805710000", "{typed}");
            assert!(phone.is_mobile(), "{typed}");
        }
    }

    #[test]
    fn a_landline_is_a_phone_but_not_a_mobile() {
        let phone = Phone::parse("phone", "0571 8800 0000", "CN").expect("a Hangzhou landline");
        assert_eq!(phone.e164(), "+8657188000000");
        assert!(!phone.is_mobile());
    }

    #[test]
    fn other_countries_with_their_code() {
        let phone = Phone::parse("phone", "+44 7911 123456", "CN").expect("a British mobile");
        assert_eq!(phone.e164(), "+447911123456");
        assert!(phone.is_mobile());
    }

    #[test]
    fn wrong_numbers_say_why() {
        assert!(reason("138 0571 000").contains("11 digits"), "10 digits: {}", reason("138 0571 000"));
        assert!(reason("138 0571 00000").contains("11 digits"));
        assert_eq!(reason("call me"), "is not a phone number");
        assert_eq!(reason("12"), "is too short for a phone number");
        assert_eq!(reason("1234567890123456789"), "is too long for a phone number");
        assert!(!reason("+86 123 4567").is_empty(), "no such number in China");
    }
}
