//! Streaming a large partition, paging with string cursors, and statement reuse.

#[path = "orm/models.rs"]
mod models;
#[path = "orm/setup.rs"]
mod setup;

use cql_orm::prelude::*;
use cql_orm::{Cursor, Schema};
use futures::{StreamExt, TryStreamExt};
use models::{item, Item, ItemPartitionKey};

const ROWS: i32 = 50_000;

#[tokio::test]
async fn streams_fifty_thousand_rows_and_pages_through_string_cursors() {
    let (db, ks, h) = setup::setup("orm_paging", Schema::new().model::<Item>()).await;

    // Load with bounded concurrency.
    futures::stream::iter(0..ROWS)
        .map(|n| {
            let h = &h;
            async move {
                Item {
                    part: 7,
                    n,
                    payload: format!("p{n}"),
                }
                .insert()
                .execute(h)
                .await
            }
        })
        .buffer_unordered(64)
        .try_collect::<Vec<()>>()
        .await
        .unwrap();
    // Warm: inserts prepared exactly once.
    let warm = db.cache_stats();
    assert_eq!(warm.prepares, 1, "{warm:?}");

    // Stream the partition with small pages: every row once, in clustering order.
    let mut stream = Item::select()
        .partition(ItemPartitionKey { part: 7 })
        .page_size(1000)
        .stream(&h)
        .await
        .unwrap();
    let mut expected = 0;
    while let Some(row) = stream.next().await {
        let row = row.unwrap();
        assert_eq!(row.n, expected);
        expected += 1;
    }
    assert_eq!(expected, ROWS);

    // Page through a slice of it, carrying the cursor as a string between requests.
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let parsed: Option<Cursor> = cursor.as_deref().map(|s| s.parse().unwrap());
        let page = Item::select()
            .partition(ItemPartitionKey { part: 7 })
            .filter(item::n.lt(250))
            .page(&h, 100, parsed.as_ref())
            .await
            .unwrap();
        pages += 1;
        seen.extend(page.items.iter().map(|i| i.n));
        match page.next {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(seen, (0..250).collect::<Vec<_>>());
    assert!(pages >= 3, "{pages} pages");

    // Re-running the same shapes prepares nothing new.
    let before = db.cache_stats();
    for _ in 0..3 {
        Item::select()
            .partition(ItemPartitionKey { part: 7 })
            .filter(item::n.lt(250))
            .page(&h, 100, None)
            .await
            .unwrap();
        Item {
            part: 8,
            n: 1,
            payload: "x".into(),
        }
        .insert()
        .execute(&h)
        .await
        .unwrap();
    }
    let after = db.cache_stats();
    assert_eq!(after.prepares, before.prepares, "{before:?} -> {after:?}");
    assert_eq!(after.hits, before.hits + 6);

    // A malformed cursor is a typed error.
    assert!(matches!(
        "not base64!".parse::<Cursor>(),
        Err(cql_orm::Error::Validation(_))
    ));
    ks.drop(db.scylla()).await.unwrap();
}
