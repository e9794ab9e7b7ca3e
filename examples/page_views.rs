//! Counters: per-page view and like counts of a site, changed by single increments and
//! decrements, concurrent increments and a counter batch. Run by the `counters` example.

use std::collections::BTreeMap;
use std::io::Write;

use cql_orm::prelude::*;
use cql_orm::{Batch, Counter, Keyspace, Schema, Session};
use tokio::task::JoinSet;

use crate::check::same;
use crate::ExampleError;

mod model;

pub use model::{page_view, PageView, PageViewPartitionKey, PageViewPrimaryKey};

/// The schema of this example.
pub fn schema() -> Schema {
    Schema::new().model::<PageView>()
}

/// How many concurrent single-view increments [`run`] sends to `/docs`.
pub const CONCURRENT_VIEWS: i64 = 20;

/// The site whose pages [`run`] counts.
pub const SITE: &str = "example.org";

/// What [`run`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The counters read back, in path order.
    pub pages: Vec<PageView>,
    /// `(views, likes)` per path as tallied while changing them.
    pub expected: BTreeMap<String, (i64, i64)>,
}

/// Changes counters and keeps the expected totals beside them.
struct Tally<'a> {
    ks: &'a Keyspace,
    expected: BTreeMap<String, (i64, i64)>,
}

impl Tally<'_> {
    fn key(path: &str) -> PageViewPrimaryKey {
        PageViewPrimaryKey {
            site: SITE.to_owned(),
            path: path.to_owned(),
        }
    }

    fn note(&mut self, path: &str, views: i64, likes: i64) {
        let e = self.expected.entry(path.to_owned()).or_default();
        e.0 += views;
        e.1 += likes;
    }

    /// `views = views + 1` on `path`.
    async fn view(&mut self, path: &str) -> cql_orm::Result<()> {
        PageView::update(Self::key(path))
            .incr(page_view::views, 1)
            .execute(self.ks)
            .await?;
        self.note(path, 1, 0);
        Ok(())
    }
}

/// Creates the schema in `keyspace`, changes the counters of four pages in several ways,
/// reads them back and checks them against the tallied totals (a difference is an
/// [`ExampleError::Mismatch`]). Prints each step to `out`.
pub async fn run<W: Write + Send>(
    db: &Session,
    keyspace: &str,
    out: &mut W,
) -> Result<Outcome, ExampleError> {
    let schema = schema();
    for stmt in schema.ddl(keyspace) {
        writeln!(out, "DDL: {stmt}")?;
    }
    schema.create_all(db, keyspace).await?;
    let ks = db.keyspace(keyspace);
    let mut tally = Tally {
        ks: &ks,
        expected: BTreeMap::new(),
    };

    for _ in 0..3 {
        tally.view("/").await?;
    }
    writeln!(out, "3 views of / (one increment each)")?;

    PageView::update(Tally::key("/"))
        .incr(page_view::likes, 5)
        .execute(&ks)
        .await?;
    PageView::update(Tally::key("/"))
        .decr(page_view::likes, 2)
        .execute(&ks)
        .await?;
    tally.note("/", 0, 3);
    writeln!(out, "/ liked +5, then -2")?;

    // Counter updates commute: concurrent increments add up.
    let mut tasks = JoinSet::new();
    for _ in 0..CONCURRENT_VIEWS {
        let ks = ks.clone();
        tasks.spawn(async move {
            PageView::update(Tally::key("/docs"))
                .incr(page_view::views, 1)
                .execute(&ks)
                .await
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    tally.note("/docs", CONCURRENT_VIEWS, 0);
    writeln!(out, "{CONCURRENT_VIEWS} concurrent views of /docs")?;

    // One counter batch across rows; `/about`'s views are never touched and read as 0.
    let batch = Batch::counter(&ks)
        .add(
            PageView::update(Tally::key("/blog"))
                .incr(page_view::views, 7)
                .incr(page_view::likes, 1),
        )?
        .add(PageView::update(Tally::key("/docs")).incr(page_view::likes, 4))?
        .add(PageView::update(Tally::key("/")).decr(page_view::views, 1))?
        .add(PageView::update(Tally::key("/about")).incr(page_view::likes, 1))?;
    writeln!(out, "counter batch of {} updates", batch.len())?;
    batch.execute().await?;
    tally.note("/blog", 7, 1);
    tally.note("/docs", 0, 4);
    tally.note("/", -1, 0);
    tally.note("/about", 0, 1);

    let pages = PageView::select()
        .partition(PageViewPartitionKey {
            site: SITE.to_owned(),
        })
        .all(&ks)
        .await?;
    for p in &pages {
        writeln!(
            out,
            "{SITE}{:<6} views {:>3}  likes {:>3}",
            p.path, p.views.0, p.likes.0
        )?;
    }
    let read: BTreeMap<String, (i64, i64)> = pages
        .iter()
        .map(|p| (p.path.clone(), (p.views.0, p.likes.0)))
        .collect();
    same("counters (views, likes) per path", &tally.expected, &read)?;

    // A single counter through a projection.
    let (docs_views,) = crate::check::found(
        "the /docs row",
        PageView::select()
            .partition(PageViewPartitionKey {
                site: SITE.to_owned(),
            })
            .filter(page_view::path.eq("/docs"))
            .columns((page_view::views,))
            .one(&ks)
            .await?,
    )?;
    same("/docs views", &Counter(CONCURRENT_VIEWS), &docs_views)?;
    writeln!(out, "/docs read alone: {} views", docs_views.0)?;
    writeln!(out, "every counter matches the tally")?;
    Ok(Outcome {
        pages,
        expected: tally.expected,
    })
}
