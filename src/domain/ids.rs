//! Identifiers and secrets. Ids are random so that nothing sequential is exposed; tokens are
//! 256-bit random strings that are unguessable and safe in URLs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// Ids of different things are different types where they meet (a use case that takes a
/// request and a technician cannot be handed them the wrong way round). Rows keep `i64`.
macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The id of ", $what, ".")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The stored number.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(RequestId, "a repair request");
id_type!(VisitId, "a visit");
id_type!(TechnicianId, "a technician");
id_type!(OfferId, "an offer");

/// A fresh row id: random, positive and below 2^53 so JavaScript clients keep it exact.
pub fn new_id() -> i64 {
    rand::thread_rng().gen_range(1..(1i64 << 53))
}

/// A fresh secret token (32 random bytes, base64url without padding).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh short code for a text message's link (16 random bytes, 22 characters of base64url):
/// 128 bits, as unguessable as anyone can try, in a third of a tracking token's length.
pub fn new_short_code() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a token in hex: what is stored instead of a session token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a secret someone presented is the expected one, in constant time (both hashed
/// first, so their lengths tell nothing either).
pub fn same_secret(given: &str, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(expected.as_bytes())).into()
}

/// A short human reference such as `FX-7K3M-9Q2P`: 8 symbols of an alphabet without
/// look-alikes (no 0/O, 1/I/L), about 40 bits, so it can be read out on the phone.
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let mut symbols = String::with_capacity(12);
    symbols.push_str("FX-");
    for i in 0..8 {
        if i == 4 {
            symbols.push('-');
        }
        symbols.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
    }
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = new_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
    }

    #[test]
    fn ids_fit_javascript_numbers() {
        for _ in 0..1000 {
            let id = new_id();
            assert!(id > 0 && id < (1 << 53));
        }
    }

    #[test]
    fn references_are_readable() {
        let r = new_reference();
        assert_eq!(r.len(), 12);
        assert!(r.starts_with("FX-"));
        assert!(!r.contains('0') && !r.contains('O') && !r.contains('I'));
    }
}
