//! The page's explanations in a banker's words: one for every headline figure and chart (shown
//! on hover and focus), and the glossary of the help panel.

/// What a headline figure means, by its label.
pub fn kpi_help(label: &str) -> &'static str {
    match label {
        "Customers" => "How many customers pass the filters, of all customers analysed.",
        "Avg income" => "The average yearly income of the customers shown, in rupees.",
        "Avg balance" => {
            "The average account balance of the customers shown, over the months in the extract."
        }
        "Avg products per customer" => {
            "Of credit card, loan and investments: how many the customers shown hold on average (0 to 3)."
        }
        "Expected revenue" => {
            "What the recommended offers should bring in: for each customer, the chance they take the offer times the revenue it earns, added up. For example 7 % × ₹12,000 = ₹840."
        }
        _ => "",
    }
}

/// What a chart shows and how to read it, by its title.
pub fn chart_help(title: &str) -> &'static str {
    match title {
        "Segment distribution" => {
            "How the customers shown split into segments. Point at a slice for its figures; click it to show only that segment."
        }
        "Product penetration by segment" => {
            "For each segment, the share of its customers holding a credit card, a loan and investments. Click a bar to show only that segment."
        }
        "Cross-sell campaign mix" => {
            "How many customers get each recommended offer. Click a bar to show only those customers."
        }
        "Expected revenue by offer" => {
            "The expected revenue of each offer: take-up chance × revenue per conversion, added over its customers. Click a bar to show only those customers."
        }
        "Model selection" => {
            "Why this many segments. Silhouette (higher is better) says how clearly customers sit in their own segment rather than the next one; inertia (lower is tighter) says how close they are to their segment's centre. The number of segments with the best silhouette is chosen unless you pick one."
        }
        "Customer map (PCA)" => {
            "Every customer as a dot, placed so that customers with similar figures sit close together (the two axes, PC1 and PC2, are the two directions in which customers differ most; the % is how much of the differences each captures). Colours are segments. Point at a dot to see who it is; click to open the customer."
        }
        "Gains: expected net value by customers contacted" => {
            "Customers contacted best first: how much expected net value the campaign has gathered after each number of contacts, for this policy and for the default one."
        }
        _ => "",
    }
}

/// The help panel's glossary: (term, explanation), in reading order.
pub const GLOSSARY: [(&str, &str); 14] = [
    (
        "Segment",
        "A group of customers who look alike in the figures the model uses (age, income, balances, products, behaviour). The model finds the groups; it is not told them.",
    ),
    (
        "Persona",
        "The name given to a segment from what stands out in it, for example “Affluent & Investment Ready” when income and investments are well above average.",
    ),
    (
        "K",
        "The number of segments. The page tries 2 to 8 and keeps the one with the best silhouette, unless you choose one under Settings.",
    ),
    (
        "Silhouette",
        "How clearly customers belong to their own segment rather than the nearest other one, from −1 to 1. Above 0.5 the segments are well apart; below 0.25 they overlap and are a rough guide only.",
    ),
    (
        "Inertia",
        "How far customers are, in total, from the centre of their segment. Lower is tighter; it always falls as K grows, so it is not used alone to choose K.",
    ),
    (
        "Centroid",
        "The centre of a segment: its customers' average on every figure. The segment profiles show these averages.",
    ),
    (
        "σ (standard deviation)",
        "How far from the average customer a figure is, in units of the usual spread. “income ↑ 1.8σ” means the segment's income is well above the bank's typical customer.",
    ),
    (
        "K-Means restarts",
        "K-Means starts from random centres and can settle on a poor grouping; it is run this many times from fresh starts for every K and the tightest result is kept.",
    ),
    (
        "Customer map, PCA, PC1 and PC2",
        "A flat picture of customers who differ in many figures: PCA finds the two directions in which they differ most (PC1, then PC2) and places each customer along them. The percentages say how much of all the differences each direction shows.",
    ),
    (
        "Data profiles",
        "For synthetic data: Realistic plants three known personas in the customers (so you can check that the model finds them); Seed draws every column independently, as the original project did.",
    ),
    (
        "Seed",
        "The number that fixes the random choices. The same seed gives the same customers and the same segments every time.",
    ),
    (
        "Suitability guardrail",
        "No new credit for customers with a delinquency or an overdue loan in the last 12 months: their credit offer is replaced by a safer one.",
    ),
    (
        "Propensity and AUC",
        "Propensity: how likely a customer is to own a product, learned from who holds it today. AUC says how well it ranks customers: 0.5 is a coin toss, 1 is perfect.",
    ),
    (
        "Expected revenue",
        "For each customer, the chance they take up their offer times the revenue one conversion earns; the page adds these up. A campaign's expected net value also takes off the cost of each contact.",
    ),
];

/// Below this best silhouette the segments overlap too much to be taken literally.
pub const WEAK_SILHOUETTE: f64 = 0.25;

/// The warning shown when the best silhouette is weak, `None` otherwise (or when it is unknown).
pub fn weak_segments(best_silhouette: f64) -> Option<String> {
    (best_silhouette.is_finite() && best_silhouette < WEAK_SILHOUETTE).then(|| {
        format!(
            "Segments overlap (best silhouette {best_silhouette:.2}, below {WEAK_SILHOUETTE}): treat them as a rough guide, not hard groups."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weak_silhouette_is_flagged_and_a_clear_one_is_not() {
        assert!(weak_segments(0.21).unwrap().contains("0.21"));
        assert_eq!(weak_segments(0.25), None);
        assert_eq!(weak_segments(0.6), None);
        assert_eq!(weak_segments(f64::NAN), None);
    }

    #[test]
    fn every_figure_and_chart_is_explained() {
        for label in [
            "Customers",
            "Avg income",
            "Avg balance",
            "Avg products per customer",
            "Expected revenue",
        ] {
            assert!(kpi_help(label).len() > 40, "{label}");
        }
        for title in [
            "Segment distribution",
            "Product penetration by segment",
            "Cross-sell campaign mix",
            "Expected revenue by offer",
            "Model selection",
            "Customer map (PCA)",
            "Gains: expected net value by customers contacted",
        ] {
            assert!(chart_help(title).len() > 40, "{title}");
        }
        for term in [
            "Silhouette",
            "Inertia",
            "σ (standard deviation)",
            "K-Means restarts",
            "Data profiles",
        ] {
            assert!(GLOSSARY.iter().any(|(t, _)| *t == term), "{term}");
        }
    }
}
