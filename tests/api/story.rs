//! The demo city's work as its people do it: the faucet story's booking, and the steps a
//! manager and a technician take (book, rank, assign, complete), for tests to start from.

use serde_json::Value;

use crate::helpers::TestApp;

/// The faucet story's booking by `email`: covered by warranty, plumbing, in Hangzhou.
pub fn faucet_booking(email: &str) -> Value {
    serde_json::json!({
        "customer": {"name": "Chen Xiaoming", "email": email, "phone": "+86 138 0571 0000"},
        "product": {"category": "faucet", "brand": "Jiumu", "model": "K-2031", "serial": "SN-88", "purchased_on": "2026-03-01", "order_ref": "JD-1234"},
        "problem": "The kitchen faucet sprays water everywhere since it was installed.",
        "skill": "plumbing",
        "address": "12 Wensan Road, Xihu District, Hangzhou",
        "location": {"lat": 30.2750, "lon": 120.1300},
        "window": null
    })
}

/// The tracking token of a booking's answer (the last part of its `tracking_url`).
pub fn token_of(booked: &Value) -> String {
    booked["tracking_url"].as_str().expect("tracking url").rsplit('/').next().expect("token").to_string()
}

/// A booked request assigned to a technician, and that technician signed in.
pub struct Assigned {
    pub id: i64,
    pub token: String,
    pub visit: i64,
    pub tech_email: String,
    pub tech: String,
}

/// The workflow steps of the demo city, as a manager and a technician take them.
impl TestApp {
    /// Books `body` anonymously (201); returns the request id and its tracking token.
    pub async fn book(&self, body: &Value) -> (i64, String) {
        let (s, booked) = self.post("/api/requests", None, body).await;
        assert_eq!(s, 201, "{booked}");
        (booked["id"].as_i64().expect("id"), token_of(&booked))
    }

    /// The first ranked candidate for request `id`, as the manager `manager` sees them.
    pub async fn first_candidate(&self, id: i64, manager: &str) -> i64 {
        let (s, candidates) = self.get(&format!("/api/requests/{id}/candidates"), Some(manager)).await;
        assert_eq!(s, 200, "{candidates}");
        candidates[0]["technician"]["id"].as_i64().expect("a candidate")
    }

    /// Assigns request `id` to technician `tech_id` (200); returns the visit id.
    pub async fn assign(&self, id: i64, manager: &str, tech_id: i64) -> i64 {
        let (s, assigned) = self
            .post(&format!("/api/requests/{id}/assign"), Some(manager), &serde_json::json!({"technician_id": tech_id}))
            .await;
        assert_eq!(s, 200, "{assigned}");
        assigned["visit_id"].as_i64().expect("visit")
    }

    /// Assigns request `id` to its first candidate; returns the technician and the visit.
    pub async fn assign_first(&self, id: i64, manager: &str) -> (i64, i64) {
        let tech_id = self.first_candidate(id, manager).await;
        (tech_id, self.assign(id, manager, tech_id).await)
    }

    /// Email of a technician id, as the admin API lists it.
    pub async fn tech_email(&self, admin: &str, id: i64) -> String {
        let (_, tech) = self.get(&format!("/api/admin/technicians/{id}"), Some(admin)).await;
        tech["email"].as_str().expect("email").to_string()
    }

    /// Books `body` and assigns it to the first candidate as the demo's first manager would
    /// (the demo must be loaded); the technician is signed in.
    pub async fn book_and_assign(&self, body: &Value) -> Assigned {
        let manager = self.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
        let admin = self.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
        let (id, token) = self.book(body).await;
        let (tech_id, visit) = self.assign_first(id, &manager).await;
        let tech_email = self.tech_email(&admin, tech_id).await;
        let tech = self.login(&tech_email, "fieldfix-demo").await;
        Assigned { id, token, visit, tech_email, tech }
    }

    /// The assigned technician on the way and then on site.
    pub async fn on_site(&self, a: &Assigned) {
        for step in ["en-route", "arrive"] {
            let (s, answer) =
                self.post(&format!("/api/visits/{}/{step}", a.visit), Some(&a.tech), &serde_json::json!({})).await;
            assert_eq!(s, 200, "{step}: {answer}");
        }
    }

    /// A faucet repair by `email`, booked, assigned and completed today (resolved, the
    /// call-out only, covered by warranty).
    pub async fn with_completed_repair(&self, email: &str) -> Assigned {
        let done = self.book_and_assign(&faucet_booking(email)).await;
        self.complete_visit(&done).await;
        done
    }

    /// Takes an assigned visit through its steps to completion (resolved, the call-out only).
    pub async fn complete_visit(&self, done: &Assigned) {
        let outcome = serde_json::json!({"diagnosis": "Wrong washer fitted", "root_cause": "installation error",
            "work_done": "Fitted the right washer", "resolution": "resolved",
            "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
        let empty = serde_json::json!({});
        for (step, body) in [("en-route", &empty), ("arrive", &empty), ("outcome", &outcome), ("complete", &empty)] {
            let (s, answer) = self.post(&format!("/api/visits/{}/{step}", done.visit), Some(&done.tech), body).await;
            assert_eq!(s, 200, "{step}: {answer}");
        }
    }

    /// The customer rates a completed repair on its tracking link (201): `stars` overall and
    /// for each part, with `comment`.
    pub async fn rate(&self, done: &Assigned, stars: i32, comment: &str) {
        let (_, tracked) = self.get(&format!("/api/track/{}", done.token), None).await;
        let link = tracked["rating_url"].as_str().expect("rating url").rsplit('/').next().expect("token").to_string();
        let body = serde_json::json!({"stars": stars, "punctuality": stars, "professionalism": stars,
            "resolution": stars, "comment": comment});
        let (s, answer) = self.post(&format!("/api/ratings/{link}"), None, &body).await;
        assert_eq!(s, 201, "{answer}");
    }
    /// The faucet story out of warranty (bought in 2019) by `email`: booked, assigned, the
    /// technician on site with the paid work recorded (call-out and an hour of labour); the
    /// quote waits for the customer. Answers the request and what the quote comes to.
    pub async fn with_pending_quote(&self, email: &str) -> (Assigned, i64) {
        let mut body = faucet_booking(email);
        body["product"]["purchased_on"] = serde_json::json!("2019-03-01");
        let done = self.book_and_assign(&body).await;
        let outcome = serde_json::json!({"diagnosis": "Cartridge worn", "root_cause": "wear",
            "work_done": "Fitted a new cartridge", "resolution": "resolved", "lines": [
                {"kind": "call_out", "description": "Call-out", "quantity": 1},
                {"kind": "labour", "description": "Labour", "quantity": 2}]});
        let empty = serde_json::json!({});
        for (step, body) in [("en-route", &empty), ("arrive", &empty), ("outcome", &outcome)] {
            let (s, answer) = self.post(&format!("/api/visits/{}/{step}", done.visit), Some(&done.tech), body).await;
            assert_eq!(s, 200, "{step}: {answer}");
        }
        let (_, tracked) = self.get(&format!("/api/track/{}", done.token), None).await;
        assert_eq!(tracked["visits"][0]["quote_status"], "pending", "{tracked}");
        let due = tracked["visits"][0]["total"]["amount_minor"].as_i64().expect("a total");
        (done, due)
    }

    /// [`TestApp::with_pending_quote`], approved on the tracking link and completed.
    pub async fn with_approved_repair(&self, email: &str) -> (Assigned, i64) {
        let (done, due) = self.with_pending_quote(email).await;
        let (s, _) = self.post(&format!("/api/track/{}/quote/approve", done.token), None, &serde_json::json!({})).await;
        assert_eq!(s, 204);
        let (s, answer) =
            self.post(&format!("/api/visits/{}/complete", done.visit), Some(&done.tech), &serde_json::json!({})).await;
        assert_eq!(s, 200, "{answer}");
        (done, due)
    }
    /// A technician signed in who is not the one on `done`'s visit.
    pub async fn another_technician(&self, done: &Assigned) -> String {
        let email = ["tech02@demo.fieldfix.test", "tech03@demo.fieldfix.test"]
            .into_iter()
            .find(|e| *e != done.tech_email)
            .expect("two to choose from");
        self.login(email, "fieldfix-demo").await
    }
}
