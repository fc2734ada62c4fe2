//! The receipt as a PDF, written with `krilla` (the PDF writer of typst: it shapes the text,
//! embeds only the glyphs used as a CID font with a ToUnicode map, so the text can be
//! searched and copied, and needs no system library). The font is a subset of Noto Sans CJK
//! SC kept in the repository (`assets/fonts`, made by `scripts/receipt_font.py`): ASCII,
//! Latin-1 and the characters of GB 2312. A character outside it is drawn as □ rather than
//! left to a missing glyph. The page is A4; a long receipt goes on to further pages.

use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::{FontRef, MetadataProvider};

use super::receipt::Receipt;
use crate::app::error::AppError;
use crate::domain::lang::Lang;

/// The subset of Noto Sans CJK SC (SIL Open Font License 1.1, `assets/fonts/OFL.txt`).
const FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Receipt.otf");
/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BODY: f32 = 10.5;
const LEADING: f32 = 1.45;
/// The right edges of the quantity, unit price and amount columns.
const QTY_RIGHT: f32 = 345.0;
const UNIT_RIGHT: f32 = 445.0;
const AMOUNT_RIGHT: f32 = PAGE_W - MARGIN;
/// The item column's width.
const ITEM_W: f32 = 250.0;
/// The box the signature is fitted into.
const SIGNATURE_W: f32 = 220.0;
const SIGNATURE_H: f32 = 90.0;

/// What is drawn on a page, with the baseline's (or the top's, for images) position.
enum Op {
    Text { x: f32, y: f32, size: f32, text: String },
    Rule { y: f32 },
    Image { x: f32, y: f32, w: f32, h: f32 },
}

/// The font's character map and advances, for fitting and measuring text.
struct Metrics<'a> {
    font: FontRef<'a>,
}

impl Metrics<'_> {
    fn covers(&self, c: char) -> bool {
        self.font.charmap().map(c).is_some_and(|g| g.to_u32() != 0)
    }

    /// The text with what the font cannot draw replaced by □ (control characters dropped).
    fn fit(&self, text: &str) -> String {
        let fallback = if self.covers('□') { '□' } else { '?' };
        text.chars()
            .filter(|c| !c.is_control())
            .map(|c| if c == ' ' || self.covers(c) { c } else { fallback })
            .collect()
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let metrics = self.font.glyph_metrics(FontSize::new(size), LocationRef::default());
        let charmap = self.font.charmap();
        text.chars().map(|c| charmap.map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(size * 0.5)).sum()
    }

    /// Lines of at most `max` points: broken at a space for words, anywhere in Chinese.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for c in self.fit(text).chars() {
            let mut next = line.clone();
            next.push(c);
            if self.width(&next, size) <= max || line.is_empty() {
                line = next;
                continue;
            }
            match line.rfind(' ').filter(|_| c != ' ' && c.is_ascii()) {
                Some(at) if at > 0 => {
                    let rest = line.split_off(at);
                    lines.push(line);
                    line = format!("{}{c}", rest.trim_start());
                }
                _ => {
                    lines.push(line);
                    line = if c == ' ' { String::new() } else { c.to_string() };
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// The pages being laid out, and where the next line goes.
struct Layout<'a> {
    metrics: Metrics<'a>,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout<'_> {
    /// Room for `height` more points on this page, else a new page.
    fn need(&mut self, height: f32) {
        if self.y + height > PAGE_H - MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn put(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// A paragraph at `x`, wrapped within `max`.
    fn para(&mut self, x: f32, size: f32, max: f32, text: &str) {
        for line in self.metrics.wrap(text, size, max) {
            self.need(size * LEADING);
            self.y += size * LEADING;
            self.put(Op::Text { x, y: self.y, size, text: line });
        }
    }

    /// Text ending at `right` on the current baseline.
    fn right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        let text = self.metrics.fit(text);
        let x = right - self.metrics.width(&text, size);
        self.put(Op::Text { x, y, size, text });
    }

    fn rule(&mut self) {
        self.need(8.0);
        self.y += 6.0;
        self.put(Op::Rule { y: self.y });
    }
}

fn lay_out(receipt: &Receipt, metrics: Metrics<'_>) -> Vec<Vec<Op>> {
    let mut l = Layout { metrics, pages: vec![Vec::new()], y: MARGIN };
    let text_w = PAGE_W - 2.0 * MARGIN;
    l.para(MARGIN, 18.0, text_w, &receipt.title);
    l.y += 6.0;
    let colon = if receipt.lang == Lang::Zh { "：" } else { ": " };
    for (label, value) in &receipt.facts {
        l.para(MARGIN, BODY, text_w, &format!("{label}{colon}{value}"));
    }
    l.rule();
    l.need(BODY * LEADING);
    l.y += BODY * LEADING;
    let y = l.y;
    let [item, qty, unit, amount] = &receipt.columns;
    l.put(Op::Text { x: MARGIN, y, size: BODY, text: l.metrics.fit(item) });
    l.right(QTY_RIGHT, y, BODY, qty);
    l.right(UNIT_RIGHT, y, BODY, unit);
    l.right(AMOUNT_RIGHT, y, BODY, amount);
    l.rule();
    for line in &receipt.lines {
        let described = match &line.warranty {
            Some(mark) => format!("{} [{mark}]", line.description),
            None => line.description.clone(),
        };
        let wrapped = l.metrics.wrap(&described, BODY, ITEM_W);
        l.need(BODY * LEADING * wrapped.len() as f32);
        let first = l.y + BODY * LEADING;
        for text in wrapped {
            l.y += BODY * LEADING;
            l.put(Op::Text { x: MARGIN, y: l.y, size: BODY, text });
        }
        l.right(QTY_RIGHT, first, BODY, &line.quantity);
        l.right(UNIT_RIGHT, first, BODY, &line.unit_price);
        l.right(AMOUNT_RIGHT, first, BODY, &line.amount);
    }
    l.rule();
    l.need(13.0 * LEADING);
    l.y += 13.0 * LEADING;
    let y = l.y;
    l.put(Op::Text { x: MARGIN, y, size: 13.0, text: l.metrics.fit(&receipt.total_label) });
    l.right(AMOUNT_RIGHT, y, 13.0, &receipt.total);
    l.y += 6.0;
    for paid in &receipt.payments {
        l.para(MARGIN, BODY, text_w, paid);
    }
    if let Some(s) = &receipt.signature {
        l.y += 8.0;
        l.para(MARGIN, BODY, text_w, &s.caption);
        let scale = (SIGNATURE_W / s.width.max(1) as f32).min(SIGNATURE_H / s.height.max(1) as f32);
        let (w, h) = (s.width as f32 * scale, s.height as f32 * scale);
        l.need(h + 6.0);
        l.put(Op::Image { x: MARGIN, y: l.y + 4.0, w, h });
        l.y += h + 6.0;
    }
    l.y += 4.0;
    l.para(MARGIN, BODY, text_w, &receipt.photos);
    l.rule();
    l.para(MARGIN, 8.5, text_w, &receipt.footer);
    l.pages
}

fn font() -> Result<Font, AppError> {
    static KRILLA_FONT: OnceLock<Option<Font>> = OnceLock::new();
    KRILLA_FONT
        .get_or_init(|| Font::new(krilla::Data::from(FONT), 0))
        .clone()
        .ok_or_else(|| AppError::internal("the receipt font does not load"))
}

/// The receipt as PDF bytes. CPU-bound (a few milliseconds): run it off the request thread.
pub fn render(receipt: &Receipt) -> Result<Vec<u8>, AppError> {
    let metrics =
        Metrics { font: FontRef::new(FONT).map_err(|e| AppError::unexpected("reading the receipt font", e))? };
    let pages = lay_out(receipt, metrics);
    let font = font()?;
    let signature = match &receipt.signature {
        Some(s) => Some(
            Image::from_png(krilla::Data::from(s.png.clone()), true)
                .map_err(|e| AppError::internal(format!("a stored signature is not a PNG: {e}")))?,
        ),
        None => None,
    };
    let mut document = Document::new();
    let language = if receipt.lang == Lang::Zh { "zh-CN" } else { "en" };
    document.set_metadata(
        Metadata::new()
            .title(format!("{} {}", receipt.title, receipt.reference))
            .language(language.to_string())
            .creator("fieldfix".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| AppError::internal("the page size"))?;
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, text } => {
                    surface.draw_text(Point::from_xy(x, y), font.clone(), size, &text, false, TextDirection::Auto);
                }
                Op::Rule { y } => {
                    let mut path = PathBuilder::new();
                    path.move_to(MARGIN, y);
                    path.line_to(PAGE_W - MARGIN, y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        let grey = rgb::Color::new(170, 170, 170);
                        surface.set_stroke(Some(Stroke { paint: grey.into(), width: 0.6, ..Stroke::default() }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                        surface.set_fill(Some(krilla::paint::Fill::default()));
                    }
                }
                Op::Image { x, y, w, h } => {
                    if let (Some(image), Some(size)) = (signature.clone(), Size::from_wh(w, h)) {
                        surface.push_transform(&Transform::from_translate(x, y));
                        surface.draw_image(image, size);
                        surface.pop();
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| AppError::internal(format!("writing the receipt PDF: {e:?}")))
}
