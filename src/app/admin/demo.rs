//! The demo city: Hangzhou with two service points, about 30 technicians, a manager for
//! each point and an admin. Loaded in one transaction, once: a second load changes nothing.

use chrono::{DateTime, Utc};

use crate::app::admin::points::{self, ServicePointInput};
use crate::app::error::AppError;
use crate::auth::password::hash_password;
use crate::db::technicians::{self, TechnicianRow};
use crate::db::{service_points, skills, users, DbConnection};
use crate::domain::area::Location;
use crate::domain::ids::new_id;
use crate::domain::policy::{FeeSchedule, PartPrice, PromisePolicy, ServicePrice, WarrantyPolicy};
use crate::domain::shift::Shift;

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "fieldfix-demo";
/// The names of the two demo service points.
pub const POINTS: [&str; 2] = ["Hangzhou West Lake", "Hangzhou Binjiang"];
/// How many demo technicians there are.
pub const TECHNICIANS: usize = 30;

const SKILLS: [(&str, &str, &str); 6] = [
    ("plumbing", "Plumbing", "水管维修"),
    ("electrical", "Electrical", "电路维修"),
    ("appliance", "Household appliances", "家电维修"),
    ("hvac", "Air conditioning and heating", "空调暖通"),
    ("water_heater", "Water heaters", "热水器"),
    ("locksmith", "Locks and doors", "门锁"),
];

const NAMES: [&str; 30] = [
    "王磊", "李娜", "张伟", "刘洋", "陈杰", "杨芳", "赵敏", "黄强", "周静", "吴昊", "徐明", "孙丽", "马军", "朱红",
    "胡斌", "郭鑫", "何平", "林涛", "高燕", "罗刚", "郑辉", "梁超", "谢丹", "宋凯", "唐宇", "韩博", "冯林", "邓睿",
    "曹云", "彭飞",
];

fn loc(lat: f64, lon: f64) -> Location {
    Location { lat, lon }
}

fn service(code: &str, name: &str, name_zh: &str, price_minor: i64, skill: &str) -> ServicePrice {
    ServicePrice {
        code: code.into(),
        name: name.into(),
        name_zh: Some(name_zh.into()),
        price_minor,
        skills: vec![skill.into()],
    }
}

pub(crate) fn point_inputs() -> [ServicePointInput; 2] {
    let fees = FeeSchedule {
        call_out_minor: 5000,
        labour_half_hour_minor: 4000,
        parts: vec![
            PartPrice {
                code: "washer-15".into(),
                description: "Faucet washer 15 mm".into(),
                description_zh: Some("水龙头垫圈 15 毫米".into()),
                price_minor: 500,
            },
            PartPrice {
                code: "cartridge-35".into(),
                description: "Ceramic cartridge 35 mm".into(),
                description_zh: Some("陶瓷阀芯 35 毫米".into()),
                price_minor: 8000,
            },
            PartPrice {
                code: "hose-50".into(),
                description: "Braided hose 50 cm".into(),
                description_zh: Some("编织软管 50 厘米".into()),
                price_minor: 3500,
            },
            PartPrice {
                code: "drain-pump".into(),
                description: "Washing machine drain pump".into(),
                description_zh: Some("洗衣机排水泵".into()),
                price_minor: 18000,
            },
            PartPrice {
                code: "breaker-16a".into(),
                description: "Circuit breaker 16 A".into(),
                description_zh: Some("断路器 16 安".into()),
                price_minor: 6500,
            },
        ],
        services: vec![
            service("fit-faucet", "Fit a new faucet", "安装新水龙头", 8000, "plumbing"),
            service("descale-heater", "Descale a water heater", "热水器除垢清洗", 12000, "water_heater"),
            service("clean-ac", "Deep-clean an air conditioner", "空调深度清洗", 15000, "hvac"),
            service("clean-washer", "Clean a washing machine drum", "洗衣机筒清洗", 9000, "appliance"),
        ],
    };
    let base = |name: &str, phone: &str, coverage: Vec<Location>| ServicePointInput {
        name: name.to_string(),
        phone: Some(phone.to_string()),
        time_zone: "Asia/Shanghai".into(),
        currency: "CNY".into(),
        coverage,
        travel_speed_kmh: Some(28.0),
        detour_factor: Some(1.35),
        promise_policy: Some(PromisePolicy::default()),
        fee_schedule: Some(fees.clone()),
        warranty_policy: Some(WarrantyPolicy::default()),
        rework_days: Some(30),
        active: Some(true),
    };
    [
        base(
            POINTS[0],
            "+86 571 8800 1001",
            vec![
                loc(30.360, 120.050),
                loc(30.360, 120.240),
                loc(30.245, 120.240),
                loc(30.215, 120.160),
                loc(30.200, 120.050),
                loc(30.360, 120.050),
            ],
        ),
        base(
            POINTS[1],
            "+86 571 8800 1002",
            vec![
                loc(30.214, 120.120),
                loc(30.240, 120.300),
                loc(30.110, 120.320),
                loc(30.120, 120.120),
                loc(30.214, 120.120),
            ],
        ),
    ]
}

/// A small deterministic generator so the demo city is the same on every machine.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64) / ((1u64 << 53) as f64)
    }
}

/// Loads the demo city unless it is there already. Returns true when it loaded.
pub fn load(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<bool, AppError> {
    if users::find_by_email(conn, "admin@demo.fieldfix.test")?.is_some() {
        return Ok(false);
    }
    let hash = hash_password(DEMO_PASSWORD)?;
    let at = now.naive_utc();
    ensure_skills(conn)?;
    let mut points = Vec::new();
    for input in point_inputs() {
        let view = match service_points::find_by_name(conn, &input.name)? {
            Some(row) => points::view(&row)?,
            None => points::create_service_point(conn, &input, now)?,
        };
        points.push(view);
    }
    let add_user = |conn: &mut DbConnection, email: &str, name: &str, role: &str| -> Result<i64, AppError> {
        let id = new_id();
        users::insert(
            conn,
            &users::NewUser {
                id,
                email: Some(email),
                name,
                phone: Some("+8657188000000"),
                role,
                password_hash: Some(&hash),
                active: true,
                created_at: at,
            },
        )?;
        Ok(id)
    };
    add_user(conn, "admin@demo.fieldfix.test", "Demo Admin", "admin")?;
    // The second point's staff read Chinese: their mail comes in Chinese (the first point's
    // in English), so the demo shows both.
    let reads = |conn: &mut DbConnection, id: i64, point: usize| -> Result<(), AppError> {
        if point == 1 {
            users::set_language(conn, id, "zh-CN")?;
        }
        Ok(())
    };
    for (i, point) in points.iter().enumerate() {
        let email = format!("manager{}@demo.fieldfix.test", i + 1);
        let id = add_user(conn, &email, &format!("Manager {}", point.name), "manager")?;
        users::add_managed_point(conn, id, point.id)?;
        reads(conn, id, i)?;
    }
    let mut rng = Lcg(20261123);
    let patterns: [&[(i32, i32, i32)]; 3] = [
        &[(0, 480, 1020), (1, 480, 1020), (2, 480, 1020), (3, 480, 1020), (4, 480, 1020)],
        &[(2, 600, 1140), (3, 600, 1140), (4, 600, 1140), (5, 600, 1140), (6, 600, 1140)],
        &[
            (0, 480, 1200),
            (1, 480, 1200),
            (2, 480, 1200),
            (3, 480, 1200),
            (4, 480, 1200),
            (5, 540, 1080),
            (6, 540, 1080),
        ],
    ];
    for (i, name) in NAMES.iter().enumerate().take(TECHNICIANS) {
        let point = &points[i % 2];
        let email = format!("tech{:02}@demo.fieldfix.test", i + 1);
        let user_id = add_user(conn, &email, name, "technician")?;
        let home = random_point_inside(point, &mut rng);
        let primary = SKILLS[i % SKILLS.len()].0;
        let secondary = SKILLS[(i * 7 + 3) % SKILLS.len()].0;
        let mut skill_levels = vec![(primary.to_string(), 2 + (i % 4) as i32)];
        if secondary != primary {
            skill_levels.push((secondary.to_string(), 1 + (i % 3) as i32));
        }
        reads(conn, user_id, i % 2)?;
        let week: Vec<Shift> = patterns[(i / 6 + i) % 3]
            .iter()
            .map(|&(weekday, start_minute, end_minute)| Shift { weekday, start_minute, end_minute })
            .collect();
        add_technician(conn, user_id, point.id, home, &skill_levels, &week, now)?;
    }
    Ok(true)
}

/// The demo's six skills, each added unless it is there.
pub(crate) fn ensure_skills(conn: &mut DbConnection) -> Result<(), AppError> {
    for (code, name, name_zh) in SKILLS {
        if skills::find(conn, code)?.is_none() {
            skills::insert(
                conn,
                &skills::SkillRow { code: code.into(), name: name.into(), name_zh: name_zh.into(), active: true },
            )?;
        }
    }
    Ok(())
}

/// The codes of the demo's skills.
pub(crate) fn skill_codes() -> impl Iterator<Item = &'static str> {
    SKILLS.iter().map(|s| s.0)
}

/// Makes user `user_id` a technician of `point` living at `home`, with skills (code, level)
/// and a week of shifts; returns the technician id.
pub(crate) fn add_technician(
    conn: &mut DbConnection,
    user_id: i64,
    point: i64,
    home: Location,
    skill_levels: &[(String, i32)],
    week: &[Shift],
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let (id, at) = (new_id(), now.naive_utc());
    technicians::insert(
        conn,
        &TechnicianRow {
            id,
            user_id,
            service_point_id: point,
            home_lat: home.lat,
            home_lon: home.lon,
            last_lat: None,
            last_lon: None,
            last_seen_at: None,
            active: true,
            created_at: at,
            updated_at: at,
        },
    )?;
    technicians::replace_skills(conn, id, skill_levels)?;
    technicians::replace_shifts(conn, id, week)?;
    Ok(id)
}

pub(crate) fn random_point_inside(point: &points::ServicePointView, rng: &mut Lcg) -> Location {
    let coverage = crate::domain::area::Coverage::parse("coverage", &point.coverage);
    let (min_lat, max_lat, min_lon, max_lon) =
        point.coverage.iter().fold((f64::MAX, f64::MIN, f64::MAX, f64::MIN), |(a, b, c, d), p| {
            (a.min(p.lat), b.max(p.lat), c.min(p.lon), d.max(p.lon))
        });
    for _ in 0..1000 {
        let candidate = loc(min_lat + rng.next() * (max_lat - min_lat), min_lon + rng.next() * (max_lon - min_lon));
        if coverage.as_ref().is_ok_and(|c| c.covers(candidate)) {
            return candidate;
        }
    }
    point.center
}

/// The logins the demo prints.
pub fn logins() -> Vec<String> {
    let mut lines = vec!["admin@demo.fieldfix.test".to_string()];
    lines.push("manager1@demo.fieldfix.test".into());
    lines.push("manager2@demo.fieldfix.test".into());
    lines.push(format!("tech01@demo.fieldfix.test … tech{TECHNICIANS:02}@demo.fieldfix.test"));
    lines
}
