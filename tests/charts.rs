//! Native tests of every chart: each draws to SVG text (plotters' SVGBackend) without error for
//! normal and degenerate data, and the SVG carries the expected labels.

use c360::core::pca::Projection;
use c360::core::personas::Penetration;
use c360::core::summary::{OfferSummary, SegmentSummary, Summary};
use c360::ui::charts::campaign_mix::{self, CampaignMixData};
use c360::ui::charts::donut::{self, DonutData};
use c360::ui::charts::model_selection::{self, KPoint, ModelSelectionData};
use c360::ui::charts::penetration::{self, PenetrationData};
use c360::ui::charts::projection::{self, ProjectionData};
use c360::ui::charts::revenue::{self, RevenueData};
use c360::ui::charts::theme::{self, SEGMENT_COLORS, Theme};
use c360::ui::charts::{ChartError, Hit, HitShape, hbars, hit_at};
use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;

const NAMES: [&str; 3] = [
    "Mass Retail / Low Engagement",
    "Credit Active Middle Segment",
    "Affluent & Investment Ready",
];

/// Draws with `f` on an 800×420 SVG and returns the SVG text. With `CHART_SVG_DIR` set, the SVG
/// is also written there (to look at the charts while working on them).
fn svg<R>(f: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<R, ChartError>) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (800, 420)).into_drawing_area();
        f(&root).expect("chart draws");
        root.present().expect("present");
    }
    assert!(out.starts_with("<svg"), "an SVG document");
    if let Ok(dir) = std::env::var("CHART_SVG_DIR") {
        let name = std::thread::current()
            .name()
            .unwrap_or("chart")
            .replace("::", "_");
        let n = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        let _ = std::fs::write(format!("{dir}/{name}_{n}.svg"), &out);
    }
    out
}

/// The text of every `<text>` element, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// The original's published three-segment picture.
/// The default policy's offer names, in catalogue order.
const OFFERS: [&str; 6] = [
    "Wealth Products (MF, PMS, Insurance)",
    "Premium Credit Card / Portfolio Upgrade",
    "Credit Card",
    "Personal / Auto Loan",
    "Limit Enhancement / Cross Loan",
    "Savings + FD + Micro Insurance",
];

fn summary() -> Summary {
    let seg = |cluster, customers, c, l, i| SegmentSummary {
        cluster,
        name: NAMES[cluster].to_string(),
        customers,
        penetration: Penetration {
            credit_card: c,
            loan: l,
            investments: i,
        },
    };
    let offer = |offer: usize, customers, expected_revenue| OfferSummary {
        offer,
        name: OFFERS[offer].to_string(),
        customers,
        expected_revenue,
    };
    Summary {
        customers: 3_000,
        avg_income: 612_345.0,
        avg_balance: 80_000.0,
        avg_products: 1.6,
        expected_revenue: 1_166_680.0,
        segments: vec![
            seg(0, 1_470, 0.35, 0.33, 0.30),
            seg(1, 720, 0.65, 0.79, 0.50),
            seg(2, 810, 0.98, 0.51, 0.53),
        ],
        offers: vec![
            offer(5, 1_470, 176_400.0),
            offer(1, 431, 206_880.0),
            offer(0, 386, 463_200.0),
            offer(4, 360, 108_000.0),
            offer(2, 248, 124_000.0),
            offer(3, 105, 88_200.0),
        ],
    }
}

/// The same segments after a filter that nobody passes.
fn empty_summary() -> Summary {
    let mut s = summary();
    s.customers = 0;
    for seg in &mut s.segments {
        seg.customers = 0;
        seg.penetration = Penetration::default();
    }
    s.offers.clear();
    s.expected_revenue = 0.0;
    s
}

/// A summary with a single segment.
fn one_segment_summary() -> Summary {
    let mut s = summary();
    s.segments.truncate(1);
    s.customers = 1_470;
    s.offers.truncate(1);
    s
}

#[test]
fn donut_shows_persona_names_counts_and_total() {
    let data = DonutData::from_summary(&summary(), &SEGMENT_COLORS);
    assert_eq!(data.total(), 3_000);
    let out = svg(|a| donut::draw_donut(a, &data, &Theme::default()));
    for name in NAMES {
        assert!(
            out.contains(&name.replace('&', "&amp;")),
            "legend names {name}"
        );
    }
    assert!(out.contains("3,000"), "total in the centre");
    assert!(out.contains("1,470 · 49.0 %"), "count and share");
    assert!(out.contains("<polygon"), "ring segments");
}

#[test]
fn donut_handles_one_segment_and_no_customers() {
    let one = DonutData::from_summary(&one_segment_summary(), &SEGMENT_COLORS);
    let out = svg(|a| donut::draw_donut(a, &one, &Theme::default()));
    assert!(out.contains("100.0 %"));
    let none = DonutData::from_summary(&empty_summary(), &SEGMENT_COLORS);
    let out = svg(|a| donut::draw_donut(a, &none, &Theme::default()));
    assert!(out.contains("No customers match the filters"));
    assert!(!out.contains("<polygon"));
    let nothing = DonutData::default();
    let out = svg(|a| donut::draw_donut(a, &nothing, &Theme::default()));
    assert!(out.contains("No customers match the filters"));
}

#[test]
fn penetration_draws_three_bars_per_segment_on_a_percent_axis() {
    let data = PenetrationData::from_summary(&summary());
    let out = svg(|a| penetration::draw_penetration(a, &data, &Theme::default()));
    for label in [
        "0 %",
        "50 %",
        "100 %",
        "Credit card",
        "Loan",
        "Investments",
        "Mass Retail",
        "98%",
    ] {
        assert!(out.contains(label), "missing {label}");
    }
    // 3 legend swatches + 9 bars (+ the background)
    assert!(out.matches("<rect").count() >= 12, "bars drawn");
}

#[test]
fn penetration_handles_degenerate_data() {
    let out = svg(|a| {
        penetration::draw_penetration(
            a,
            &PenetrationData::from_summary(&empty_summary()),
            &Theme::default(),
        )
    });
    assert!(out.contains("No customers match the filters"));
    let out = svg(|a| {
        penetration::draw_penetration(
            a,
            &PenetrationData::from_summary(&one_segment_summary()),
            &Theme::default(),
        )
    });
    assert!(out.contains("Mass Retail"));
    let mut zero = one_segment_summary();
    zero.segments[0].penetration = Penetration::default();
    let out = svg(|a| {
        penetration::draw_penetration(a, &PenetrationData::from_summary(&zero), &Theme::default())
    });
    assert!(out.contains("0%"));
}

#[test]
fn campaign_mix_is_sorted_and_labelled() {
    let data = CampaignMixData::from_summary(&summary());
    let counts: Vec<usize> = data.rows.iter().map(|r| r.customers).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "sorted, most first: {counts:?}"
    );
    let out = svg(|a| campaign_mix::draw_campaign_mix(a, &data, &Theme::default()));
    assert!(out.contains("1,470 (49 %)"));
    assert!(
        out.contains("Savings + FD + Micro"),
        "offer label (possibly wrapped)"
    );
    let none = CampaignMixData::from_summary(&empty_summary());
    let out = svg(|a| campaign_mix::draw_campaign_mix(a, &none, &Theme::default()));
    assert!(out.contains("No customers match the filters"));
}

#[test]
fn revenue_is_sorted_and_in_rupees() {
    let data = RevenueData::from_summary(&summary());
    assert_eq!(data.rows[0].offer, OFFERS[0]);
    assert!((data.total() - 1_166_680.0).abs() < 1e-6);
    let out = svg(|a| revenue::draw_revenue(a, &data, &Theme::default()));
    assert!(
        out.contains("₹4,63,200"),
        "value label in INR with Indian grouping"
    );
    assert!(out.contains("₹0"), "axis starts at zero");
    // All offers at zero revenue still draw (zero-length bars).
    let mut zero = summary();
    for o in &mut zero.offers {
        o.expected_revenue = 0.0;
    }
    let out =
        svg(|a| revenue::draw_revenue(a, &RevenueData::from_summary(&zero), &Theme::default()));
    assert!(out.contains("₹0"));
    let out = svg(|a| {
        revenue::draw_revenue(
            a,
            &RevenueData::from_summary(&empty_summary()),
            &Theme::default(),
        )
    });
    assert!(out.contains("No customers match the filters"));
}

fn k_points(values: &[(usize, f64, f64)]) -> Vec<KPoint> {
    values
        .iter()
        .map(|&(k, silhouette, inertia)| KPoint {
            k,
            silhouette,
            inertia,
        })
        .collect()
}

#[test]
fn model_selection_marks_the_chosen_k() {
    let sil = [0.123, 0.126, 0.113, 0.112, 0.101, 0.101, 0.100];
    let pts: Vec<(usize, f64, f64)> = (2..=8)
        .map(|k| (k, sil[k - 2], 36_000.0 - 3_000.0 * k as f64))
        .collect();
    let data = ModelSelectionData {
        points: k_points(&pts),
        chosen_k: 3,
        best_k: 3,
    };
    let out = svg(|a| model_selection::draw_model_selection(a, &data, &Theme::default()));
    for label in [
        "K (number of segments)",
        "Silhouette",
        "Inertia",
        "Chosen K = 3",
        "best silhouette",
    ] {
        assert!(out.contains(label), "missing {label}");
    }
    let labels = texts(&out);
    for k in 2..=8 {
        assert!(
            labels.contains(&k.to_string()),
            "tick for K = {k} in {labels:?}"
        );
    }
    let overridden = ModelSelectionData {
        chosen_k: 5,
        ..data
    };
    let out = svg(|a| model_selection::draw_model_selection(a, &overridden, &Theme::default()));
    assert!(out.contains("Chosen K = 5 (your choice)"));
}

#[test]
fn model_selection_handles_degenerate_scores() {
    let single = ModelSelectionData {
        points: k_points(&[(3, 0.2, 100.0)]),
        chosen_k: 3,
        best_k: 3,
    };
    let out = svg(|a| model_selection::draw_model_selection(a, &single, &Theme::default()));
    assert!(out.contains("Chosen K = 3"));
    let zeros = ModelSelectionData {
        points: k_points(&[(2, 0.0, 0.0), (3, 0.0, 0.0), (4, f64::NAN, 0.0)]),
        chosen_k: 2,
        best_k: 2,
    };
    let out = svg(|a| model_selection::draw_model_selection(a, &zeros, &Theme::default()));
    assert!(out.contains("K (number of segments)"));
    let out = svg(|a| {
        model_selection::draw_model_selection(a, &ModelSelectionData::default(), &Theme::default())
    });
    assert!(out.contains("No K to compare"));
}

fn projection_data(n: usize, groups: usize) -> (Projection, Vec<usize>) {
    let points = Array2::from_shape_fn((n, 2), |(i, j)| {
        ((i * 7 + j * 3) % 23) as f64 - 11.0 + (i % groups) as f64 * 4.0
    });
    let labels = (0..n).map(|i| i % groups).collect();
    (
        Projection {
            points,
            explained: [0.31, 0.17],
        },
        labels,
    )
}

fn groups(n: usize) -> Vec<projection::MapGroup> {
    (0..n)
        .map(|i| projection::MapGroup {
            label: NAMES[i % 3].to_string(),
            color: SEGMENT_COLORS[i],
        })
        .collect()
}

#[test]
fn projection_draws_coloured_points_with_variance_labels() {
    let (p, labels) = projection_data(300, 3);
    let indices: Vec<usize> = (0..300).collect();
    let data = ProjectionData::from_projection(&p, &labels, &indices, groups(3));
    assert!(!data.is_subsampled());
    let out = svg(|a| projection::draw_projection(a, &data, &Theme::default()));
    assert!(out.contains("PC1 (31 % of variance)"));
    assert!(out.contains("PC2 (17 % of variance)"));
    assert!(out.contains("Mass Retail"), "legend");
    assert!(
        out.matches("<circle").count() >= 300,
        "one circle per customer"
    );
}

#[test]
fn projection_subsamples_large_populations_and_says_so() {
    let (p, labels) = projection_data(10_000, 3);
    let indices: Vec<usize> = (0..10_000).collect();
    let data = ProjectionData::from_projection(&p, &labels, &indices, groups(3));
    assert!(data.is_subsampled());
    assert!(data.points.len() <= projection::MAX_POINTS);
    let out = svg(|a| projection::draw_projection(a, &data, &Theme::default()));
    assert!(out.contains(&format!("{} of 10000 shown", data.points.len())));
}

#[test]
fn projection_handles_degenerate_data() {
    let (p, labels) = projection_data(10, 1);
    let none = ProjectionData::from_projection(&p, &labels, &[], groups(1));
    let out = svg(|a| projection::draw_projection(a, &none, &Theme::default()));
    assert!(out.contains("No customers match the filters"));
    // Identical points (zero spread) and a single point.
    let same = Projection {
        points: Array2::zeros((5, 2)),
        explained: [0.0, 0.0],
    };
    let data = ProjectionData::from_projection(&same, &[0; 5], &[0, 1, 2, 3, 4], groups(1));
    let out = svg(|a| projection::draw_projection(a, &data, &Theme::default()));
    assert!(out.contains("PC1 (0 % of variance)"));
    // The axes span -1 … 1 around the point, not five labels of "0.0".
    assert!(out.contains("-1.0") && out.contains("1.0"), "axis labels");
    assert!(!out.contains("-0.0"), "no -0.0 label");
    let data = ProjectionData::from_projection(&same, &[0; 5], &[2], groups(1));
    svg(|a| projection::draw_projection(a, &data, &Theme::default()));
}

#[test]
fn charts_draw_at_high_dpi_and_in_tiny_areas() {
    let data = DonutData::from_summary(&summary(), &SEGMENT_COLORS);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (1600, 840)).into_drawing_area();
        donut::draw_donut(&root, &data, &Theme::scaled(2.0)).expect("2× draws");
    }
    assert!(
        out.contains("font-size=\"26\"") || out.contains("26"),
        "fonts scaled"
    );
    for (w, h) in [(10, 10), (1, 1)] {
        let mut out = String::new();
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        penetration::draw_penetration(
            &root,
            &PenetrationData::from_summary(&summary()),
            &Theme::default(),
        )
        .expect("tiny");
        campaign_mix::draw_campaign_mix(
            &root,
            &CampaignMixData::from_summary(&summary()),
            &Theme::default(),
        )
        .expect("tiny");
    }
}

#[test]
fn nice_ceiling_rounds_up_to_a_round_number() {
    assert_eq!(hbars::nice_ceiling(0.0), 1.0);
    assert_eq!(hbars::nice_ceiling(1_470.0), 2_000.0);
    assert_eq!(hbars::nice_ceiling(463_200.0), 500_000.0);
    assert_eq!(hbars::nice_ceiling(2_000.0), 2_000.0);
    assert_eq!(hbars::nice_ceiling(f64::NAN), 1.0);
}

/// The axis tick labels of a bar chart: the texts that are only digits and digit-group commas.
fn numeric_ticks(svg: &str) -> Vec<String> {
    texts(svg)
        .into_iter()
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ','))
        .collect()
}

#[test]
fn campaign_mix_count_axis_has_distinct_whole_ticks_for_tiny_counts() {
    // Three customers after the filters: 2 offered a premium card, 1 wealth products.
    let mut s = summary();
    s.customers = 3;
    s.offers.truncate(3);
    s.offers[0].customers = 0;
    s.offers[1].customers = 2;
    s.offers[2].customers = 1;
    let data = CampaignMixData::from_summary(&s);
    let out = svg(|a| campaign_mix::draw_campaign_mix(a, &data, &Theme::default()));
    assert!(out.contains("2 (67 %)") && out.contains("1 (33 %)"));
    assert_eq!(numeric_ticks(&out), ["0", "1", "2"]);

    // One customer: an axis 0–1, not 0, 0.25 … drawn as "0 0 1 1 1".
    s.customers = 1;
    s.offers[1].customers = 1;
    s.offers[2].customers = 0;
    let out = svg(|a| {
        campaign_mix::draw_campaign_mix(a, &CampaignMixData::from_summary(&s), &Theme::default())
    });
    assert_eq!(numeric_ticks(&out), ["0", "1"]);

    // 29 and 19 customers: whole tens, not quarters of 50 (12.5 drawn as "13").
    s.customers = 48;
    s.offers[1].customers = 29;
    s.offers[2].customers = 19;
    let out = svg(|a| {
        campaign_mix::draw_campaign_mix(a, &CampaignMixData::from_summary(&s), &Theme::default())
    });
    assert_eq!(numeric_ticks(&out), ["0", "10", "20", "30"]);

    // Large counts keep quarters of a round maximum (1,470 → 0 … 2,000 by 500).
    let out = svg(|a| {
        campaign_mix::draw_campaign_mix(
            a,
            &CampaignMixData::from_summary(&summary()),
            &Theme::default(),
        )
    });
    assert_eq!(numeric_ticks(&out), ["0", "500", "1,000", "1,500", "2,000"]);
}

#[test]
fn count_axis_ticks_are_distinct_whole_numbers() {
    use hbars::{Scale, axis_ticks};
    // Hand-picked: tiny counts step by one; otherwise a whole step of 1, 2 or 5 × 10ⁿ.
    assert_eq!(axis_ticks(0.0, Scale::Count), [0.0, 1.0]);
    assert_eq!(axis_ticks(1.0, Scale::Count), [0.0, 1.0]);
    assert_eq!(axis_ticks(2.0, Scale::Count), [0.0, 1.0, 2.0]);
    assert_eq!(axis_ticks(3.0, Scale::Count), [0.0, 1.0, 2.0, 3.0]);
    assert_eq!(
        axis_ticks(5.0, Scale::Count),
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    );
    assert_eq!(axis_ticks(7.0, Scale::Count), [0.0, 2.0, 4.0, 6.0, 8.0]);
    assert_eq!(axis_ticks(29.0, Scale::Count), [0.0, 10.0, 20.0, 30.0]);
    assert_eq!(
        axis_ticks(240.0, Scale::Count),
        [0.0, 50.0, 100.0, 150.0, 200.0, 250.0]
    );
    // Whole quarters of the round maximum stay as they were.
    assert_eq!(axis_ticks(4.0, Scale::Count), [0.0, 1.0, 2.0, 3.0, 4.0]);
    assert_eq!(
        axis_ticks(1_470.0, Scale::Count),
        [0.0, 500.0, 1_000.0, 1_500.0, 2_000.0]
    );
    assert_eq!(axis_ticks(f64::NAN, Scale::Count), [0.0, 1.0]);
    // Amounts keep quarters, fractions included.
    assert_eq!(axis_ticks(2.0, Scale::Amount), [0.0, 0.5, 1.0, 1.5, 2.0]);
    assert_eq!(
        axis_ticks(463_200.0, Scale::Amount),
        [0.0, 125_000.0, 250_000.0, 375_000.0, 500_000.0]
    );

    // Every count up to 100,000: whole, strictly increasing from 0, covering the count, at most
    // six ticks, and never more than twice the count (for counts above 1) as the axis end.
    for n in 0..=100_000_u32 {
        let max = f64::from(n);
        let t = axis_ticks(max, Scale::Count);
        assert_eq!(t[0], 0.0, "{n}: {t:?}");
        assert!(t.iter().all(|v| v.fract() == 0.0), "{n}: {t:?}");
        assert!(t.windows(2).all(|w| w[1] > w[0]), "{n}: {t:?}");
        assert!((2..=6).contains(&t.len()), "{n}: {t:?}");
        let end = *t.last().unwrap();
        assert!(end >= max && (n <= 1 || end <= 2.0 * max), "{n}: {t:?}");
        // Formatted as the chart formats them, the labels are distinct too.
        let labels: Vec<String> = t.iter().map(|&v| c360::app::format::number(v)).collect();
        let mut unique = labels.clone();
        unique.dedup();
        assert_eq!(labels, unique, "{n}");
    }
}

#[test]
fn wrapped_labels_fit_their_width_even_a_single_long_word() {
    let mut buf = String::new();
    let area = SVGBackend::with_string(&mut buf, (400, 300)).into_drawing_area();
    let style = Theme::default().label();
    let width = |s: &str| theme::text_width(&area, s, &style);
    let max = width("Lifestyle") - 1; // narrower than the longest word
    for (text, lines) in [
        ("Credit-Stressed Borrowers", 3),
        ("Mass Retail / Low Engagement (more digital)", 3),
        ("Affluent & Investment Ready", 1),
    ] {
        let got = theme::wrap(&area, text, &style, max, lines);
        assert!(!got.is_empty() && got.len() <= lines, "{text}: {got:?}");
        for l in &got {
            assert!(width(l) <= max, "{text}: {l:?} is wider than {max}");
        }
    }
    // Short enough: unchanged.
    let wide = width("Mature Savers");
    assert_eq!(
        theme::wrap(&area, "Mature Savers", &style, wide, 2),
        ["Mature Savers"]
    );
}

/// Draws with `f` on an 800×420 SVG and returns what can be pointed at.
fn hits_of(
    f: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<Vec<Hit>, ChartError>,
) -> Vec<Hit> {
    let mut out = String::new();
    let root = SVGBackend::with_string(&mut out, (800, 420)).into_drawing_area();
    f(&root).expect("chart draws")
}

#[test]
fn a_ring_segment_is_hit_inside_only_across_the_start_angle() {
    use std::f64::consts::{FRAC_PI_2, PI};
    // From 12 o'clock clockwise to 6 o'clock (the right half), and one across 12 o'clock.
    let right = HitShape::Ring {
        cx: 100.0,
        cy: 100.0,
        r_in: 20.0,
        r_out: 50.0,
        a0: -FRAC_PI_2,
        a1: FRAC_PI_2,
    };
    assert_eq!(right.reach(135.0, 100.0), Some(0.0), "3 o'clock");
    assert_eq!(right.reach(65.0, 100.0), None, "9 o'clock");
    assert_eq!(right.reach(110.0, 100.0), None, "in the hole");
    assert_eq!(right.reach(160.0, 100.0), None, "outside");
    let top = HitShape::Ring {
        cx: 0.0,
        cy: 0.0,
        r_in: 1.0,
        r_out: 2.0,
        a0: PI,
        a1: 2.0 * PI + 0.5,
    };
    assert_eq!(
        top.reach(1.5 * 0.5f64.cos(), 1.5 * 0.5f64.sin() - 0.01),
        Some(0.0),
        "past the wrap"
    );
    assert_eq!(top.reach(0.0, 1.5), None, "6 o'clock is outside");
    let p = HitShape::Point {
        x: 10.0,
        y: 10.0,
        r: 5.0,
    };
    assert_eq!(p.reach(13.0, 14.0), Some(5.0));
    assert_eq!(p.reach(14.0, 14.0), None);
}

#[test]
fn every_donut_slice_is_hit_at_its_middle_and_picks_its_segment() {
    let data = DonutData::from_summary(&summary(), &SEGMENT_COLORS);
    let hits = hits_of(|a| donut::draw_donut(a, &data, &Theme::default()));
    let rings: Vec<&Hit> = hits
        .iter()
        .filter(|h| matches!(h.shape, HitShape::Ring { .. }))
        .collect();
    assert_eq!(rings.len(), 3);
    for (slice, hit) in data.slices.iter().zip(&rings) {
        let HitShape::Ring {
            cx,
            cy,
            r_in,
            r_out,
            a0,
            a1,
        } = hit.shape
        else {
            unreachable!()
        };
        let (a, r) = ((a0 + a1) / 2.0, (r_in + r_out) / 2.0);
        let found = hit_at(&hits, cx + r * a.cos(), cy + r * a.sin()).expect("a slice");
        assert_eq!(found.pick.as_deref(), Some(slice.label.as_str()));
        assert!(
            found.tip.contains(&format!(
                "{} customers",
                c360::app::format::count(slice.value)
            )),
            "{}",
            found.tip
        );
    }
    // The legend rows pick too; the hole picks nothing.
    assert_eq!(hits.len(), 6);
    let HitShape::Ring { cx, cy, .. } = rings[0].shape else {
        unreachable!()
    };
    assert!(hit_at(&hits, cx, cy).is_none());
}

#[test]
fn bars_and_points_can_be_pointed_at() {
    let mix = CampaignMixData::from_summary(&summary());
    let hits = hits_of(|a| campaign_mix::draw_campaign_mix(a, &mix, &Theme::default()));
    let shown: Vec<&str> = mix
        .rows
        .iter()
        .filter(|r| r.customers > 0)
        .map(|r| r.offer.as_str())
        .collect();
    let picks: Vec<&str> = hits.iter().filter_map(|h| h.pick.as_deref()).collect();
    assert_eq!(
        picks, shown,
        "one bar per offer with customers, top to bottom"
    );
    let pen = PenetrationData::from_summary(&summary());
    let hits = hits_of(|a| penetration::draw_penetration(a, &pen, &Theme::default()));
    assert_eq!(hits.len(), 9, "three bars per segment");
    assert!(hits[4].tip.contains(" % hold loan"), "{}", hits[4].tip);

    let (p, labels) = projection_data(50, 3);
    let indices: Vec<usize> = (0..50).collect();
    let mut data = ProjectionData::from_projection(&p, &labels, &indices, groups(3));
    let hits = hits_of(|a| projection::draw_projection(a, &data, &Theme::default()));
    assert!(hits.is_empty(), "no ids, nothing to pick");
    data.ids = data.rows.iter().map(|i| format!("id{i}")).collect();
    let hits = hits_of(|a| projection::draw_projection(a, &data, &Theme::default()));
    assert_eq!(hits.len(), 50);
    let HitShape::Point { x, y, .. } = hits[17].shape else {
        unreachable!()
    };
    // The nearest point wins (another may lie within reach too).
    let found = hit_at(&hits, x, y).unwrap();
    assert!(found.pick.as_deref().unwrap().starts_with("customer:id"));
    assert_eq!(found.shape.reach(x, y), Some(0.0));
}

#[test]
fn a_narrow_bar_chart_labels_fewer_ticks_rather_than_running_them_together() {
    let bars = vec![hbars::Bar {
        label: "Wealth".into(),
        value: 498_000.0,
        value_label: "₹4,98,000".into(),
        color: SEGMENT_COLORS[0],
        tip: String::new(),
        pick: None,
    }];
    let tick = |v: f64| c360::app::format::inr_short(v);
    let draw = |w: u32| {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (w, 200)).into_drawing_area();
            hbars::draw_hbars(
                &root,
                &bars,
                hbars::Scale::Amount,
                &tick,
                "none",
                &Theme::default(),
            )
            .unwrap();
            root.present().unwrap();
        }
        out
    };
    let labels = ["₹1.25 L", "₹2.5 L", "₹3.75 L", "₹5 L"];
    let wide = draw(900);
    assert!(
        labels.iter().all(|l| wide.contains(l)),
        "every tick labelled when there is room"
    );
    let narrow = draw(300);
    let shown = labels.iter().filter(|l| narrow.contains(*l)).count();
    assert!(
        shown < labels.len() && shown >= 1,
        "{shown} of the tick labels on a narrow chart"
    );
}
