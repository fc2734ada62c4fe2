//! Problems in the reader's language: an error answer (problem+json) to a request whose
//! `Accept-Language` prefers Chinese has its `title`, `detail` and every field `reason`
//! written in Chinese (`src/i18n`). The pages send their chosen language with every call.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, ACCEPT_LANGUAGE, CONTENT_TYPE};
use actix_web::middleware::Next;
use serde_json::Value;

use crate::i18n::{translate, Lang};

/// The language a request asks for (English when it names none of ours).
pub fn request_lang(headers: &HeaderMap) -> Lang {
    named_lang(headers).unwrap_or(Lang::En)
}

/// The language a request names, when it names one (`None` without `Accept-Language`).
pub fn named_lang(headers: &HeaderMap) -> Option<Lang> {
    headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::from_accept_language)
}

/// Rewrites problem answers for readers of Chinese; everything else passes untouched.
pub async fn localize_problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = request_lang(req.headers());
    let res = next.call(req).await?.map_into_boxed_body();
    let is_problem = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if lang == Lang::En || !is_problem {
        return Ok(res);
    }
    let (request, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match actix_web::body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => return Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(())))),
    };
    let localized = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut problem) => {
            localize(&mut problem, lang);
            serde_json::to_vec(&problem).unwrap_or_else(|_| bytes.to_vec())
        }
        Err(_) => bytes.to_vec(),
    };
    Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(localized))))
}

/// Translates a problem's texts in place; a text the catalog lacks becomes the general
/// sentence for its status, so no English reaches a Chinese page.
pub fn localize(problem: &mut Value, lang: Lang) {
    let status = problem.get("status").and_then(Value::as_u64).unwrap_or(400);
    let general = general(status);
    if let Some(title) = problem.get_mut("title") {
        *title = Value::String(general.to_string());
    }
    if let Some(detail) = problem.get_mut("detail") {
        let text = detail.as_str().and_then(|d| translate(d, lang)).unwrap_or_else(|| general.to_string());
        *detail = Value::String(text);
    }
    if let Some(Value::Array(errors)) = problem.get_mut("errors") {
        for error in errors {
            if let Some(reason) = error.get_mut("reason") {
                let text = reason.as_str().and_then(|r| translate(r, lang)).unwrap_or_else(|| "填写有误".to_string());
                *reason = Value::String(text);
            }
        }
    }
}

fn general(status: u64) -> &'static str {
    match status {
        401 => "请先登录",
        403 => "无权进行此操作",
        404 => "找不到",
        405 => "此地址不接受这种请求方法",
        409 => "当前状态下不能这样做",
        413 => "提交的内容太大",
        415 => "不支持这种提交格式",
        422 => "有些内容需要修改",
        429 => "尝试次数太多，请稍后再试",
        500..=599 => "系统出了点问题，请稍后再试",
        _ => "请求有误",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::localize;
    use crate::i18n::Lang;

    #[test]
    fn every_text_of_a_problem_is_written_in_chinese() {
        let mut p = json!({"type": "about:blank", "title": "Unprocessable Entity", "status": 422,
            "detail": "the request has invalid fields",
            "errors": [{"field": "customer.phone", "reason": "is not a phone number"},
                       {"field": "x", "reason": "a reason nobody translated"}]});
        localize(&mut p, Lang::Zh);
        assert_eq!(p["title"], "有些内容需要修改");
        assert_eq!(p["detail"], "有些内容需要修改");
        assert_eq!(p["errors"][0]["field"], "customer.phone");
        assert_eq!(p["errors"][0]["reason"], "不是有效的电话号码");
        assert_eq!(p["errors"][1]["reason"], "填写有误");
        let mut q = json!({"title": "Conflict", "status": 409, "detail": "an English text we never wrote"});
        localize(&mut q, Lang::Zh);
        assert_eq!(q["detail"], "当前状态下不能这样做");
    }
}
