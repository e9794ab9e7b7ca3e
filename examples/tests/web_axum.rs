//! The `web_axum` service over real HTTP: the router is served on an ephemeral local port
//! over the notes table in a fresh keyspace of the test node, and driven with reqwest.
#![allow(
    clippy::unwrap_used,
    reason = "test code: a failed expectation is a failed test"
)]

use cql_orm::Session;
use cql_orm_examples::web::{self, AppState, NewNote, NoteView, NotesPage};
use cql_orm_tests::TestKeyspace;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// A served router, a client, and the keyspace behind them.
struct App {
    base: String,
    http: Client,
    db: Session,
    ks: TestKeyspace,
}

impl App {
    async fn start(prefix: &str) -> App {
        let driver = cql_orm_tests::connect().await.unwrap();
        let ks = cql_orm_tests::fresh_keyspace(&driver, prefix)
            .await
            .unwrap();
        let db = Session::from_scylla(driver);
        web::schema().create_all(&db, ks.name()).await.unwrap();
        let router = web::router(AppState::new(db.keyspace(ks.name())));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        App {
            base: format!("http://{addr}"),
            http: Client::new(),
            db,
            ks,
        }
    }

    fn notes_url(&self, user: Uuid) -> String {
        format!("{}/users/{user}/notes", self.base)
    }

    async fn create(&self, user: Uuid, note: &NewNote) -> Response {
        self.http
            .post(self.notes_url(user))
            .json(note)
            .send()
            .await
            .unwrap()
    }

    async fn get(&self, url: &str) -> Response {
        self.http.get(url).send().await.unwrap()
    }

    async fn finish(self) {
        self.ks.drop(self.db.scylla()).await.unwrap();
    }
}

fn new_note(title: &str) -> NewNote {
    NewNote {
        title: title.to_owned(),
        body: None,
        tags: Default::default(),
    }
}

/// Asserts the status and that the body is `{"error": "<text containing hint>"}`.
async fn assert_error(resp: Response, status: StatusCode, hint: &str) {
    assert_eq!(resp.status(), status);
    let body: Value = resp.json().await.unwrap();
    let message = body["error"].as_str().unwrap_or_default();
    assert!(message.contains(hint), "{body}");
    assert_eq!(body.as_object().map(|o| o.len()), Some(1), "{body}");
}

#[tokio::test]
async fn create_answers_201_and_get_returns_the_same_note() {
    let app = App::start("web_create").await;
    let user = Uuid::new_v4();
    let note = NewNote {
        title: "groceries".into(),
        body: Some("milk, eggs".into()),
        tags: ["home".to_owned(), "todo".to_owned()].into(),
    };
    let resp = app.create(user, &note).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let created: NoteView = resp.json().await.unwrap();
    assert_eq!(created.user_id, user);
    assert_eq!(created.note_id.get_version_num(), 1);
    assert_eq!(
        (&created.title, &created.body, &created.tags),
        (&note.title, &note.body, &note.tags)
    );
    assert!(created.created_at.ends_with('Z'), "{}", created.created_at);
    assert_eq!(location, format!("/users/{user}/notes/{}", created.note_id));

    let resp = app.get(&format!("{}{location}", app.base)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let fetched: NoteView = resp.json().await.unwrap();
    assert_eq!(fetched, created);
    app.finish().await;
}

#[tokio::test]
async fn malformed_ids_are_400_and_missing_notes_404() {
    let app = App::start("web_ids").await;
    let user = Uuid::new_v4();
    let created: NoteView = app.create(user, &new_note("x")).await.json().await.unwrap();
    let url = app.notes_url(user);

    let resp = app.get(&format!("{url}/not-a-uuid")).await;
    assert_error(resp, StatusCode::BAD_REQUEST, "note_id").await;
    let resp = app
        .get(&format!("{}/users/42/notes/{}", app.base, created.note_id))
        .await;
    assert_error(resp, StatusCode::BAD_REQUEST, "user_id").await;
    // A UUID, but not a time-based one.
    let resp = app.get(&format!("{url}/{}", Uuid::new_v4())).await;
    assert_error(resp, StatusCode::BAD_REQUEST, "version 1").await;

    // A well-formed id of no note: another user's note, and an unused timeuuid.
    let other = Uuid::new_v4();
    let resp = app
        .get(&format!("{}/{}", app.notes_url(other), created.note_id))
        .await;
    assert_error(resp, StatusCode::NOT_FOUND, "has no note").await;
    let unused = cql_orm::Timeuuid::now();
    let resp = app.get(&format!("{url}/{unused}")).await;
    assert_error(resp, StatusCode::NOT_FOUND, &unused.to_string()).await;

    let resp = app.get(&format!("{}/nowhere", app.base)).await;
    assert_error(resp, StatusCode::NOT_FOUND, "no route").await;
    app.finish().await;
}

#[tokio::test]
async fn lists_25_notes_in_three_pages_of_10_following_cursors() {
    let app = App::start("web_list").await;
    let user = Uuid::new_v4();
    // A neighbour's note must not show up in the user's listing.
    let neighbour = app.create(Uuid::new_v4(), &new_note("not mine")).await;
    assert_eq!(neighbour.status(), StatusCode::CREATED);
    let mut created = Vec::new();
    for i in 0..25 {
        let resp = app.create(user, &new_note(&format!("note {i:02}"))).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
        created.push(resp.json::<NoteView>().await.unwrap());
    }

    let mut pages: Vec<NotesPage> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = app.http.get(app.notes_url(user)).query(&[("limit", "10")]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c)]);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let page: NotesPage = resp.json().await.unwrap();
        cursor = page.next.clone();
        pages.push(page);
        if cursor.is_none() || pages.len() > 3 {
            break;
        }
    }
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [10, 10, 5]);
    assert!(pages[0].next.is_some() && pages[1].next.is_some());
    assert_eq!(pages[2].next, None);
    let listed: Vec<NoteView> = pages.into_iter().flat_map(|p| p.items).collect();
    // Clustering order is creation order: the timeuuids increase.
    assert_eq!(listed, created);

    // `next` is JSON null on the last page, not a missing field.
    let body: Value = app
        .get(&format!("{}?limit=30", app.notes_url(user)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["items"].as_array().map(Vec::len), Some(25));
    assert_eq!(body.get("next"), Some(&Value::Null));
    app.finish().await;
}

#[tokio::test]
async fn malformed_cursors_and_limits_are_400() {
    let app = App::start("web_cursor").await;
    let user = Uuid::new_v4();
    for i in 0..3 {
        let resp = app.create(user, &new_note(&format!("n{i}"))).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let url = app.notes_url(user);
    // Another user's listing: a real cursor, of another query.
    let other = Uuid::new_v4();
    for i in 0..3 {
        let resp = app.create(other, &new_note(&format!("o{i}"))).await;
        assert_eq!(resp.status(), StatusCode::CREATED);
    }
    let theirs: NotesPage = app
        .get(&format!("{}?limit=2", app.notes_url(other)))
        .await
        .json()
        .await
        .unwrap();
    let foreign = theirs.next.unwrap();
    // Not base64, empty, base64 that is no cursor, and another listing's cursor.
    for (cursor, hint) in [
        ("not base64!", "malformed paging cursor"),
        ("", "malformed paging cursor"),
        ("AAAA", "malformed paging cursor"),
        (foreign.as_str(), "belongs to another query"),
    ] {
        let resp = app
            .http
            .get(&url)
            .query(&[("limit", "2"), ("cursor", cursor)])
            .send()
            .await
            .unwrap();
        assert_error(resp, StatusCode::BAD_REQUEST, hint).await;
    }
    for (limit, hint) in [
        ("0", "between 1 and"),
        ("101", "between 1 and"),
        ("ten", "limit"),
    ] {
        let resp = app.get(&format!("{url}?limit={limit}")).await;
        assert_error(resp, StatusCode::BAD_REQUEST, hint).await;
    }
    // A real cursor still works after all that.
    let first: NotesPage = app
        .get(&format!("{url}?limit=2"))
        .await
        .json()
        .await
        .unwrap();
    let next = first.next.unwrap();
    let rest: NotesPage = app
        .http
        .get(&url)
        .query(&[("limit", "2"), ("cursor", next.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.next, None);
    app.finish().await;
}

#[tokio::test]
async fn invalid_bodies_are_4xx_and_store_nothing() {
    let app = App::start("web_bodies").await;
    let user = Uuid::new_v4();
    let url = app.notes_url(user);
    let post_raw = |body: &'static str, content_type: Option<&'static str>| {
        let mut req = app.http.post(&url).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    let json_ct = Some("application/json");
    assert_error(
        post_raw("{\"title\": ", json_ct).await.unwrap(),
        StatusCode::BAD_REQUEST,
        "parse",
    )
    .await;
    assert_error(
        post_raw("{\"titel\": \"typo\"}", json_ct).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown field",
    )
    .await;
    assert_error(
        post_raw("{\"title\": 7}", json_ct).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "title",
    )
    .await;
    assert_error(
        post_raw("{\"title\": \"no content type\"}", None)
            .await
            .unwrap(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type",
    )
    .await;
    let resp = app
        .http
        .post(&url)
        .json(&json!({ "title": "   " }))
        .send()
        .await
        .unwrap();
    assert_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "must not be empty").await;
    let resp = app
        .http
        .post(&url)
        .json(&json!({ "title": "x".repeat(201) }))
        .send()
        .await
        .unwrap();
    assert_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "longer than").await;

    let page: NotesPage = app.get(&url).await.json().await.unwrap();
    assert_eq!(page.items, []);
    assert_eq!(page.next, None);
    app.finish().await;
}
