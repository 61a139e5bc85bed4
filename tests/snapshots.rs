//! Snapshots (feature `serde`): what closures captured, saved through serde
//! and restored into fresh closures, shared cells kept shared, and every
//! refusal naming the variable and the closure.
#![deny(warnings)]
// The values are small sums that floats hold exactly.
#![allow(clippy::float_cmp)]

use freevars::{Snapshot, SnapshotError, Unserializable, Why, introspect, restore, snapshot};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[introspect]
fn make_averager() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}

#[introspect]
fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = 0;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}

fn json(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot).unwrap()
}

fn from_json(text: &str) -> Snapshot {
    serde_json::from_str(text).unwrap()
}

fn series(avg: &freevars::Closure<impl Fn(f64) -> f64>) -> Vec<f64> {
    avg.cell("series")
        .unwrap()
        .contents::<Vec<f64>>()
        .unwrap()
        .clone()
}

#[test]
fn the_averager_round_trips_through_json_and_continues_where_it_stopped() {
    let avg = make_averager();
    avg(10.0);
    avg(11.0);
    let text = json(&avg.snapshot().unwrap());
    assert_eq!(
        text,
        r#"{"closures":[{"qualname":"make_averager::{closure}","freevars":[{"name":"series","type":"alloc::vec::Vec<f64>","cell":0}]}],"cells":[[10.0,11.0]]}"#
    );

    let again = make_averager();
    again.restore(&from_json(&text)).unwrap();
    assert_eq!(series(&again), [10.0, 11.0]);
    assert_eq!(again(12.0), 11.0, "the mean of 10, 11 and 12");
    assert_eq!(avg(12.0), 11.0, "the original goes on by itself");
    assert_eq!(again(15.0), 12.0);
    assert_eq!(series(&avg), [10.0, 11.0, 12.0], "separate cells");
}

#[test]
fn the_counter_pair_restores_into_a_fresh_pair_that_still_shares_one_cell() {
    let (inc, get) = make_counter();
    inc();
    inc();
    let saved = snapshot(&[&inc, &get]).unwrap();
    assert_eq!(saved.cell_count(), 1, "one cell, saved once");
    let [inc_var, get_var] = [&saved.closures()[0], &saved.closures()[1]].map(|c| &c.freevars()[0]);
    assert_eq!(inc_var.cell(), get_var.cell(), "both refer to it");
    assert_eq!(
        (
            saved.closures()[1].qualname(),
            get_var.name(),
            get_var.type_name()
        ),
        ("make_counter::get", "count", "u32")
    );

    let (inc2, get2) = make_counter();
    restore(&[&inc2, &get2], &from_json(&json(&saved))).unwrap();
    assert_eq!(get2(), 2);
    assert_eq!(inc2(), 3);
    assert_eq!(get2(), 3, "get2 sees inc2");
    assert!(inc2.cells()[0].ptr_eq(&get2.cells()[0]));
    assert_eq!(get(), 2, "the originals are their own");
}

#[test]
fn a_shared_cell_restored_through_one_sibling_is_seen_by_the_other() {
    let (inc, _get) = make_counter();
    inc();
    let saved = inc.snapshot().unwrap();
    let (inc2, get2) = make_counter();
    inc2.restore(&saved).unwrap();
    assert_eq!(get2(), 1);
}

#[test]
fn restoring_into_closures_of_two_factory_calls_is_refused_naming_count_and_changes_nothing() {
    let (inc, get) = make_counter();
    inc();
    inc();
    let saved = snapshot(&[&inc, &get]).unwrap();

    let (inc2, _) = make_counter();
    let (_, get3) = make_counter();
    inc2();
    let err = restore(&[&inc2, &get3], &saved).unwrap_err();
    assert_eq!(
        err,
        SnapshotError::Sharing {
            closure: "make_counter::get".into(),
            name: "count".into(),
            other_closure: "make_counter::inc".into(),
            other_name: "count".into(),
            shared_in_snapshot: true,
        }
    );
    assert_eq!(
        err.to_string(),
        "`count` of `make_counter::inc` and `count` of `make_counter::get` share one cell in \
         the snapshot, and do not in the closures given"
    );
    assert_eq!((get3(), inc2()), (0, 2), "both cells as they were");

    // The other way round: two cells in the snapshot, one now.
    let separate = snapshot(&[&inc2, &get3]).unwrap();
    assert_eq!(separate.cell_count(), 2);
    let (inc4, get4) = make_counter();
    let err = restore(&[&inc4, &get4], &separate).unwrap_err();
    assert!(
        matches!(&err, SnapshotError::Sharing { name, shared_in_snapshot: false, .. } if name == "count"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("have separate cells in the snapshot, and share one")
    );
    assert_eq!(get4(), 0);
}

/// A type without `Serialize`.
#[derive(Debug)]
struct Socket;

#[introspect]
fn make_sender() -> impl Fn(u8) -> usize {
    let socket = Socket;
    let sent: Vec<u8> = Vec::new();
    move |byte| {
        let _ = &socket;
        sent.push(byte);
        sent.len()
    }
}

#[test]
fn a_capture_without_serialize_is_named_and_one_with_it_beside_it_is_not() {
    let send = make_sender();
    send(1);
    let err = send.snapshot().unwrap_err();
    assert_eq!(
        err,
        SnapshotError::Unserializable(vec![Unserializable {
            closure: "make_sender::{closure}".into(),
            name: "socket".into(),
            type_name: "snapshots::Socket".into(),
            why: Why::NotSerde,
        }])
    );
    let text = err.to_string();
    assert!(
        text.contains("`socket` of `make_sender::{closure}`: `Socket`"),
        "{text}"
    );
    assert!(!text.contains("sent"), "{text}");
    // Still introspectable as before.
    assert_eq!(send.cell("socket").unwrap().contents_repr(), "Socket");
}

#[introspect]
fn make_tagger(prefix: &str) -> impl Fn(&str) -> String {
    // Annotated: beside a borrowed parameter, the macro takes an
    // unannotated local for one that may borrow.
    let handle: std::rc::Rc<Socket> = std::rc::Rc::new(Socket);
    let label: String = String::from("tag");
    move |text| {
        format!(
            "{prefix}{label}:{text}:{:?}",
            std::rc::Rc::strong_count(&handle)
        )
    }
}

#[test]
fn every_variable_that_cannot_be_saved_is_listed_with_its_type() {
    let tag = make_tagger("#");
    let (inc, _) = make_counter();
    let err = snapshot(&[&inc, &tag]).unwrap_err();
    let SnapshotError::Unserializable(vars) = &err else {
        panic!("{err:?}")
    };
    let listed: Vec<_> = vars
        .iter()
        .map(|v| (v.name.as_str(), v.type_name.as_str(), v.why.clone()))
        .collect();
    assert_eq!(
        listed,
        [
            ("handle", "alloc::rc::Rc<snapshots::Socket>", Why::NotSerde),
            ("prefix", "&str", Why::Borrows),
        ]
    );
    assert_eq!(
        err.to_string(),
        "cannot save or restore `handle` of `make_tagger::{closure}`: `Rc<Socket>` does not \
         implement both `Serialize` and `DeserializeOwned`; `prefix` of \
         `make_tagger::{closure}`: `&str` borrows data"
    );
    assert!(vars.iter().all(|v| v.closure == "make_tagger::{closure}"));
}

#[derive(Serialize, Deserialize)]
struct Label {
    text: &'static str,
}

#[introspect]
fn make_labeller() -> impl Fn() -> usize {
    let word = "word";
    let label = Label { text: "label" };
    let owned = String::from("owned");
    move || word.len() + label.text.len() + owned.len()
}

#[test]
fn a_static_borrow_is_saved_but_refused_as_it_would_not_restore() {
    let labeller = make_labeller();
    let err = labeller.snapshot().unwrap_err();
    let SnapshotError::Unserializable(vars) = &err else {
        panic!("{err:?}")
    };
    let names: Vec<(&str, &str)> = vars
        .iter()
        .map(|v| (v.name.as_str(), v.type_name.as_str()))
        .collect();
    assert_eq!(names, [("label", "snapshots::Label"), ("word", "&str")]);
    assert_eq!(
        vars[1].why,
        Why::NotRestorable(String::from(
            "invalid type: string \"word\", expected a borrowed string"
        ))
    );
    assert!(
        err.to_string()
            .contains("`word` of `make_labeller::{closure}`: `&str` is saved but does not restore"),
        "{err}"
    );
    assert_eq!(labeller(), 14, "still called as before");
}

mod other {
    /// `make_averager` in another module: the same qualname, another type.
    #[freevars::introspect]
    pub fn make_averager() -> impl Fn(u32) -> f64 {
        let series: Vec<u32> = Vec::new();
        move |new_value| {
            series.push(new_value);
            f64::from(series.iter().sum::<u32>()) / series.len() as f64
        }
    }

    /// And one that names its variable otherwise.
    #[freevars::introspect]
    pub fn make_averager_of_values() -> impl Fn(f64) -> f64 {
        let values: Vec<f64> = Vec::new();
        let averager = move |new_value| {
            values.push(new_value);
            values.iter().sum::<f64>() / values.len() as f64
        };
        averager
    }
}

#[test]
fn a_snapshot_of_one_factory_restored_into_another_is_refused_by_name_and_type() {
    let avg = make_averager();
    avg(10.0);
    let saved = avg.snapshot().unwrap();

    let (inc, get) = make_counter();
    let err = inc.restore(&saved).unwrap_err();
    assert_eq!(
        err.to_string(),
        "closure 0 is `make_counter::inc` (capturing `count`), where the snapshot has \
         `make_averager::{closure}` (capturing `series`)"
    );
    assert!(matches!(err, SnapshotError::Qualname { index: 0, .. }));

    let same_name = other::make_averager();
    same_name(4);
    let err = same_name.restore(&saved).unwrap_err();
    assert_eq!(
        err,
        SnapshotError::Type {
            closure: "make_averager::{closure}".into(),
            name: "series".into(),
            snapshot: "alloc::vec::Vec<f64>".into(),
            given: "alloc::vec::Vec<u32>".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        "`series` of `make_averager::{closure}` is a `Vec<u32>`, where the snapshot has a \
         `Vec<f64>`"
    );
    assert_eq!(same_name(6), 5.0, "unchanged");

    let values = other::make_averager_of_values();
    let err = values.restore(&saved).unwrap_err();
    assert!(matches!(err, SnapshotError::Qualname { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "closure 0 is `make_averager_of_values::averager` (capturing `values`), where the \
         snapshot has `make_averager::{closure}` (capturing `series`)"
    );

    // The same qualname with another variable: the snapshot edited.
    let renamed = from_json(&json(&saved).replace(r#""name":"series""#, r#""name":"values""#));
    let err = make_averager().restore(&renamed).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`make_averager::{closure}` captures `series`, where the snapshot's captures `values`"
    );

    // More closures than the snapshot has, and fewer.
    let err = restore(&[&inc, &get], &inc.snapshot().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the snapshot holds 1 closures, 2 given: `make_counter::get` (capturing `count`) is \
         not in the snapshot"
    );
    let err = inc.restore(&snapshot(&[&inc, &get]).unwrap()).unwrap_err();
    assert!(
        matches!(&err, SnapshotError::ClosureCount { snapshot: 2, given: 1, closure, .. } if closure == "make_counter::get"),
        "{err:?}"
    );
}

#[test]
fn a_round_trip_through_a_binary_format() {
    let avg = make_averager();
    for x in [1.5, 2.5, f64::MAX] {
        avg(x);
    }
    let bytes = postcard::to_allocvec(&avg.snapshot().unwrap()).unwrap();
    let saved: Snapshot = postcard::from_bytes(&bytes).unwrap();
    let again = make_averager();
    again.restore(&saved).unwrap();
    assert_eq!(series(&again), [1.5, 2.5, f64::MAX]);

    let (inc, get) = make_counter();
    inc();
    let bytes = postcard::to_allocvec(&snapshot(&[&inc, &get]).unwrap()).unwrap();
    let (inc2, get2) = make_counter();
    restore(&[&inc2, &get2], &postcard::from_bytes(&bytes).unwrap()).unwrap();
    assert_eq!((inc2(), get2()), (2, 2));
}

#[test]
fn a_value_that_does_not_fit_its_type_refuses_the_whole_restore() {
    let avg = make_averager();
    avg(1.0);
    let (inc, _) = make_counter();
    inc();
    let text = json(&snapshot(&[&avg, &inc]).unwrap());
    assert!(text.ends_with(r#""cells":[[1.0],1]}"#), "{text}");
    let broken = from_json(&text.replace("[[1.0],1]", r#"[[2.0],"one"]"#));

    let avg2 = make_averager();
    avg2(7.0);
    let (inc2, _) = make_counter();
    let err = restore(&[&avg2, &inc2], &broken).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`count` of `make_counter::inc` (`u32`): invalid type: string \"one\", expected u32"
    );
    assert_eq!(series(&avg2), [7.0], "the first cell untouched too");
    assert_eq!(inc2(), 1);

    let broken = from_json(&text.replace(r#""cell":0"#, r#""cell":5"#));
    let err = restore(&[&avg2, &inc2], &broken).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`series` of `make_averager::{closure}` refers to cell 5 of the snapshot, which has 2"
    );
}

#[introspect]
fn make_ticker() -> impl Fn(&dyn Fn()) -> u32 {
    let mut ticks = 0;
    move |during: &dyn Fn()| {
        ticks += 1;
        during();
        ticks
    }
}

#[test]
fn a_cell_borrowed_at_the_time_is_named_with_its_holder() {
    let tick = make_ticker();
    let during = std::cell::RefCell::new(None);
    tick(&|| *during.borrow_mut() = Some(tick.snapshot()));
    let err = during.into_inner().unwrap().unwrap_err();
    assert_eq!(
        err,
        SnapshotError::Borrowed {
            closure: "make_ticker::{closure}".into(),
            name: "ticks".into(),
            holder: Some("`make_ticker::{closure}`".into()),
            changing: true,
        }
    );
    assert_eq!(
        err.to_string(),
        "`ticks` of `make_ticker::{closure}` is borrowed: `make_ticker::{closure}` is changing it"
    );

    // A restore waits for no reader either, and changes nothing.
    let saved = tick.snapshot().unwrap();
    let (inc, get) = make_counter();
    let saved_pair = snapshot(&[&inc, &get]).unwrap();
    inc();
    let reading = get.cells()[0].contents::<u32>().unwrap();
    let err = restore(&[&inc, &get], &saved_pair).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`count` of `make_counter::inc` is borrowed: a `contents()` value is reading it"
    );
    assert_eq!(*reading, 1);
    drop(reading);
    restore(&[&inc, &get], &saved_pair).unwrap();
    assert_eq!(get(), 0);

    let fresh = make_ticker();
    fresh.restore(&saved).unwrap();
    assert_eq!(fresh(&|| ()), 2);
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Shape {
    Dot,
    Circle(f64),
    Rect { w: u16, h: u16 },
    Line(i8, i8),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Meters(f32);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Marker;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Everything {
    shapes: Vec<Shape>,
    by_id: HashMap<u32, String>,
    by_flag: BTreeMap<bool, char>,
    by_shape: BTreeMap<String, Option<Shape>>,
    missing: Option<u8>,
    // `Some(None)`, which JSON cannot tell from `None`.
    #[allow(clippy::option_option)]
    nested: Option<Option<i64>>,
    not_numbers: [f64; 3],
    big: (u128, i128),
    small: (i8, u16, f32),
    length: Meters,
    marker: Marker,
    unit: (),
    #[serde(skip_serializing_if = "Option::is_none", default)]
    skipped: Option<String>,
}

fn everything() -> Everything {
    Everything {
        shapes: vec![
            Shape::Dot,
            Shape::Circle(0.5),
            Shape::Rect { w: 3, h: 4 },
            Shape::Line(-1, 1),
        ],
        by_id: HashMap::from([(7, String::from("seven")), (u32::MAX, String::new())]),
        by_flag: BTreeMap::from([(false, 'n'), (true, '✓')]),
        by_shape: BTreeMap::from([
            (String::from("none"), None),
            (String::from("dot"), Some(Shape::Dot)),
        ]),
        missing: None,
        nested: Some(None),
        not_numbers: [f64::NAN, f64::INFINITY, f64::NEG_INFINITY],
        big: (u128::MAX, i128::MIN),
        small: (i8::MIN, u16::MAX, 0.1),
        length: Meters(2.5),
        marker: Marker,
        unit: (),
        skipped: None,
    }
}

#[introspect]
fn make_keeper(start: Everything) -> impl Fn() -> usize {
    move || start.shapes.len()
}

fn kept(keeper: &freevars::Closure<impl Fn() -> usize>) -> Everything {
    keeper
        .cell("start")
        .unwrap()
        .contents::<Everything>()
        .unwrap()
        .clone()
}

/// `Everything` with its NaN made comparable.
fn comparable(mut value: Everything) -> Everything {
    assert!(value.not_numbers[0].is_nan(), "NaN kept");
    value.not_numbers[0] = 0.0;
    value
}

#[test]
fn serde_data_model_values_round_trip_through_json_and_postcard() {
    let keeper = make_keeper(everything());
    let saved = keeper.snapshot().unwrap();
    let expected = comparable(everything());

    let text = json(&saved);
    assert!(
        text.contains(r#""shapes":["Dot",{"Circle":0.5},{"Rect":{"w":3,"h":4}},{"Line":[-1,1]}]"#),
        "{text}"
    );
    assert!(
        text.contains(r#""not_numbers":["NaN","inf","-inf"]"#),
        "{text}"
    );
    assert!(!text.contains("skipped"), "{text}");
    let from_text = make_keeper(Everything {
        shapes: Vec::new(),
        ..everything()
    });
    from_text.restore(&from_json(&text)).unwrap();
    // JSON writes `Some(None)` as `null`, as serde_json does for the type
    // itself; postcard keeps it.
    assert_eq!(
        comparable(kept(&from_text)),
        Everything {
            nested: None,
            ..expected.clone()
        }
    );
    assert_eq!(from_text(), 4);

    let bytes = postcard::to_allocvec(&saved).unwrap();
    let from_bytes = make_keeper(Everything {
        shapes: Vec::new(),
        ..everything()
    });
    from_bytes
        .restore(&postcard::from_bytes(&bytes).unwrap())
        .unwrap();
    assert_eq!(comparable(kept(&from_bytes)), expected);
    let again: Snapshot = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(
        postcard::to_allocvec(&again).unwrap(),
        bytes,
        "postcard keeps the snapshot exactly (NaN too)"
    );
}

/// The four combinations of `Debug` and serde: each is shown when it has
/// `Debug` and saved when it has serde, whatever the other.
#[derive(Serialize, Deserialize)]
struct SerdeOnly(u8);

#[derive(Debug)]
struct DebugOnly(u8);

struct Neither;

#[derive(Debug, Serialize, Deserialize)]
struct Both(u8);

#[introspect]
fn make_mixed() -> impl Fn() -> u8 {
    let both = Both(1);
    let debug_only = DebugOnly(2);
    let serde_only = SerdeOnly(3);
    let neither = Neither;
    move || {
        let _ = &neither;
        both.0 + debug_only.0 + serde_only.0
    }
}

#[test]
fn debug_and_serde_are_found_independently() {
    let mixed = make_mixed();
    let reprs: Vec<String> = mixed
        .cells()
        .iter()
        .map(freevars::DynCell::contents_repr)
        .collect();
    assert_eq!(reprs[0], "Both(1)");
    assert_eq!(reprs[1], "DebugOnly(2)");
    assert!(reprs[2].starts_with("<Neither object at 0x"), "{reprs:?}");
    assert!(reprs[3].starts_with("<SerdeOnly object at 0x"), "{reprs:?}");
    let SnapshotError::Unserializable(vars) = mixed.snapshot().unwrap_err() else {
        panic!()
    };
    let names: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["debug_only", "neither"]);
}

#[introspect]
fn make_holder<T: Serialize + serde::de::DeserializeOwned + 'static>(
    value: T,
) -> impl Fn() -> usize {
    move || std::mem::size_of_val(&value)
}

#[introspect]
fn make_debug_holder<T: std::fmt::Debug + 'static>(value: T) -> impl Fn() -> String {
    move || format!("{value:?}")
}

#[test]
fn a_generic_capture_is_saved_when_its_bounds_say_so() {
    let holder = make_holder(String::from("kept"));
    let fresh = make_holder(String::new());
    fresh.restore(&holder.snapshot().unwrap()).unwrap();
    assert_eq!(*fresh.cells()[0].contents::<String>().unwrap(), "kept");

    let debug = make_debug_holder(vec![1_u8]);
    let err = debug.snapshot().unwrap_err();
    assert!(
        matches!(&err, SnapshotError::Unserializable(vars) if vars[0].name == "value"),
        "{err:?}"
    );
    assert_eq!(debug(), "[1]");
}

/// The README's example, as the README shows it.
#[test]
fn the_readme_example() {
    use freevars::{SnapshotError, introspect};

    #[introspect]
    fn make_counter() -> (impl Fn() -> u32, impl Fn() -> u32) {
        let mut count = 0;
        let inc = move || {
            count += 1;
            count
        };
        let get = move || count;
        (inc, get)
    }

    let (inc, get) = make_counter();
    inc();
    let json = serde_json::to_string(&freevars::snapshot(&[&inc, &get]).unwrap()).unwrap();
    assert_eq!(
        json,
        r#"{"closures":[{"qualname":"make_counter::inc","freevars":[{"name":"count","type":"u32","cell":0}]},{"qualname":"make_counter::get","freevars":[{"name":"count","type":"u32","cell":0}]}],"cells":[1]}"#
    );

    let (inc2, get2) = make_counter();
    freevars::restore(&[&inc2, &get2], &serde_json::from_str(&json).unwrap()).unwrap();
    assert_eq!(inc2(), 2);
    assert_eq!(get2(), 2); // still one cell

    // Closures of two factory calls do not share `count`: refused, nothing changed.
    let (inc3, _) = make_counter();
    let (_, get4) = make_counter();
    let err = freevars::restore(&[&inc3, &get4], &serde_json::from_str(&json).unwrap());
    assert!(matches!(err, Err(SnapshotError::Sharing { .. })));
    assert_eq!(get4(), 0);
}

#[test]
fn the_readme_shows_its_example() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Snapshots").unwrap()..];
    let fence = "```rust,ignore\n";
    let start = section.find(fence).unwrap() + fence.len();
    let shown = &section[start..start + section[start..].find("```\n").unwrap()];
    let source = include_str!("snapshots.rs");
    let opening = "fn the_readme_example() {\n";
    let start = source.find(opening).unwrap() + opening.len();
    let end = start + source[start..].find("\n}\n").unwrap();
    let mut dedented = String::new();
    for line in source[start..=end].lines() {
        dedented += line.strip_prefix("    ").unwrap_or(line);
        dedented.push('\n');
    }
    assert_eq!(dedented, shown);
}
