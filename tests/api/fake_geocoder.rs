//! A local geocoder speaking Nominatim's search API (`GET /search?q=…&format=jsonv2&limit=5`),
//! one per test process, answering from a fixed gazetteer: enough of Nominatim's shape
//! (coordinates as strings, `display_name`) to test the server's use of it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Mutex, OnceLock};

/// Every query string the geocoder was asked, in order.
static ASKED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The gazetteer: a word of the address → its places, best first.
fn places(q: &str) -> Option<&'static str> {
    if q.contains("broken") {
        return None;
    }
    Some(if q.contains("文三路") {
        // Shanghai's Wensan Road first (outside every demo area), then Hangzhou's.
        r#"[{"place_id":1,"lat":"31.2304","lon":"121.4737","display_name":"文三路, 黄浦区, 上海市, 中国"},
            {"place_id":2,"lat":"30.2741","lon":"120.1551","display_name":"文三路 128号, 西湖区, 杭州市, 浙江省, 中国"}]"#
    } else if q.contains("南京路") {
        r#"[{"place_id":3,"lat":"31.2350","lon":"121.4760","display_name":"南京路, 黄浦区, 上海市, 中国"}]"#
    } else {
        "[]"
    })
}

fn answer(stream: &mut std::net::TcpStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(stream.try_clone()?).read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let query = target.split_once('?').map(|(_, q)| q.to_string()).unwrap_or_default();
    let q: String = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    ASKED.lock().unwrap_or_else(|p| p.into_inner()).push(query);
    let (status, body) = match (target.starts_with("/search?"), places(&q)) {
        (true, Some(body)) => ("200 OK", body),
        (true, None) => ("500 Internal Server Error", "{}"),
        (false, _) => ("404 Not Found", "{}"),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The base address of this process's geocoder, started on first use.
pub fn url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the geocoder");
        let port = listener.local_addr().expect("its address").port();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let _ = answer(&mut stream);
            }
        });
        format!("http://127.0.0.1:{port}")
    })
    .clone()
}

/// How many times the geocoder was asked a query holding `word`.
pub fn times_asked(word: &str) -> usize {
    let encoded: String = form_urlencoded::byte_serialize(word.as_bytes()).collect();
    ASKED.lock().unwrap_or_else(|p| p.into_inner()).iter().filter(|q| q.contains(&encoded)).count()
}

/// The query strings that asked for `word`.
pub fn queries_with(word: &str) -> Vec<String> {
    let encoded: String = form_urlencoded::byte_serialize(word.as_bytes()).collect();
    ASKED.lock().unwrap_or_else(|p| p.into_inner()).iter().filter(|q| q.contains(&encoded)).cloned().collect()
}

/// Settings with this geocoder.
pub fn with_geocoder(s: &mut fieldfix::config::Settings) {
    s.geocoder_url = Some(url());
}
