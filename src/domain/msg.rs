//! A message for people as the code states it: an id in the catalog (`src/i18n/*/*.ftl`)
//! and typed arguments. It is rendered in the reader's language only where it is shown,
//! so what people typed travels as an argument and is never translated or matched.

/// One argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text kept exactly as it is (a name, a reference, a date already written out).
    Text(String),
    /// A number, written without grouping.
    Number(f64),
    /// Another message of the catalog, rendered in the same language (a state's name).
    Msg(Msg),
    /// A skill's code, written as the skill's name in the reader's language where the
    /// names are at hand (the database keeps them), else as the code.
    Skill(String),
}

/// A message id with its named arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    /// The id in the catalog.
    pub id: &'static str,
    /// The arguments by name, as the catalog's `{ $name }` uses them.
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// A message without arguments.
    pub const fn new(id: &'static str) -> Self {
        Msg { id, args: Vec::new() }
    }

    /// This message with one more argument.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_string())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<Msg> for Arg {
    fn from(msg: Msg) -> Self {
        Arg::Msg(msg)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {
        $(impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        })*
    };
}

number_arg!(u8, i32, i64, u32, u64, usize, f64);

/// `msg!("id")` or `msg!("id", name = value, …)`: a [`Msg`] whose arguments are anything
/// that becomes an [`Arg`] (text, a number, another `Msg`).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::domain::msg::Msg::new($id)$(.with(stringify!($name), $value))*
    };
}
