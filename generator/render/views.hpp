#pragma once
// Model → JSON views, one per page. Templates see exactly these fields; every href is already
// relative to the page it appears on.
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/action_items.hpp"
#include "analysis/analysis.hpp"
#include "analysis/digest.hpp"
#include "analysis/taxonomy.hpp"
#include "markdown/markdown.hpp"
#include "model/model.hpp"
#include "render/urls.hpp"

namespace hs {

using json = nlohmann::json;

// Each digest period's figures (digest_for), made once, the first time they are asked for: a
// digest's page, its key and the digest index all read them (the index reads every period's,
// each of which goes over every post-mortem and item).
class PeriodDigests {
  public:
    // The periods that may be asked for; before any is.
    void plan(const std::vector<Period>& periods);
    // A planned period's figures; safe from any thread.
    const PeriodDigest& get(const Site& site, const Insights& insights, const Period& period,
                            Days as_of) const;

  private:
    struct Entry {
        std::once_flag once;
        PeriodDigest digest;
    };
    std::map<std::string, std::unique_ptr<Entry>> m_entries;  // by period key
};

// What every page view needs: the site, its indexes, and the as-of date.
struct ViewContext {
    const Site& site;
    const Taxonomies& taxonomies;
    Days as_of;
    const std::vector<ItemRef>& items;  // every action item, in to-do order (all_items)
    const Analysis& analysis;
    // The gate's findings, indexed once for the pages that show some of them.
    std::vector<const Stale*> stale_all;
    std::vector<std::vector<const Stale*>> stale_by_postmortem;
    std::map<std::string, std::vector<const Stale*>> stale_by_owner;  // by owner slug
    // Every item with an owner, by the owner's slug, in to-do order (as `items`).
    std::map<std::string, std::vector<const ItemRef*>> items_by_owner;
    bool has_diagram_script = false;  // the theme has static/mermaid.min.js
    // Every recurrence after a verified fix, grouped by (incident, earlier post-mortem).
    std::vector<std::vector<size_t>> recurrence_pairs;
    PeriodDigests period_digests;  // every digest_periods' period
    const PeriodDigest& period_digest(const Period& period) const {
        return period_digests.get(site, analysis.insights, period, as_of);
    }
};

json postmortem_row(const ViewContext& ctx, const PostMortem& pm, const Linker& link);
// The post-mortem at this index of Site::postmortems.
json postmortem_page(const ViewContext& ctx, size_t index, const Linker& link);
// One page of the list of every post-mortem.
json postmortem_list_page(const ViewContext& ctx, const Linker& link, size_t page = 1);
// kind: "services", "categories" or "tags"
json term_index_page(const ViewContext& ctx, const std::string& kind, const Linker& link);
// One page of a service's, category's or tag's post-mortems; the figures cover all of them.
json term_page(const ViewContext& ctx, const std::string& kind, const std::string& term,
               const Linker& link, size_t page = 1);
json home_page(const ViewContext& ctx, const Linker& link);
// Every open item: overdue first, then by due date, and grouped by owner and by service.
json action_items_page(const ViewContext& ctx, const Linker& link);
json owners_page(const ViewContext& ctx, const Linker& link);
// The action items of some post-mortems (a team's): stale findings, open items and
// those awaiting verification.
json follow_up_view(const ViewContext& ctx, const std::vector<size_t>& postmortems,
                    const Linker& link);
// One person's to-do list for the weekly review.
json owner_page(const ViewContext& ctx, const std::string& slug, const std::string& name,
                const Linker& link);
// owner slug → the owner's name as written (the first spelling seen), for every item owner and
// everyone a finding of the gate is addressed to.
std::map<std::string, std::string> owners_by_slug(const Site& site,
                                                  const std::vector<Stale>& stale);
// The gate's findings by kind, each with the person and the fix; at most `limit` per kind.
json findings_summary(const ViewContext& ctx, const Linker& link, size_t limit);
// The findings about one post-mortem and its items.
json postmortem_findings(const ViewContext& ctx, size_t index, const Linker& link);

// Recurring patterns, recurrences after a verified fix, trends, durations, follow-through.
json insights_page(const ViewContext& ctx, const Linker& link);
// How many (incident, earlier post-mortem) pairs Insights lists of those that "recurred after a
// verified fix"; more continue on paths::recurrences, so no page grows with the knowledge base.
inline constexpr size_t k_recurrences_on_insights = 20;
// How many a service's, category's or tag's page lists.
inline constexpr size_t k_recurrences_on_term = 5;
// The given recurrences (indexes into Insights::recurrences, in order) as one group per
// (incident, earlier post-mortem): the verified fixes of one earlier post-mortem that one
// incident came after.
std::vector<std::vector<size_t>> group_recurrences(const Insights& insights,
                                                   const std::vector<size_t>& which);
// One page of every recurrence after a verified fix, newest incident first.
json recurrences_page(const ViewContext& ctx, const Linker& link, size_t page);
// A service's or category's patterns, recurrences, durations and quarterly chart.
json term_insights(const ViewContext& ctx, const std::string& kind, const std::string& term,
                   const std::vector<size_t>& members, const Linker& link);
// A post-mortem's similar incidents and the verified fixes it recurred after (or that it holds).
json postmortem_connections(const ViewContext& ctx, size_t index, const Linker& link);
// Patterns still within their window, and post-mortems from past years on this day.
json home_insights(const ViewContext& ctx, const Linker& link);

// How many of a pattern's incidents pattern_view lists, the latest.
inline constexpr size_t k_pattern_rows = 10;
// A recurring pattern as Insights lists it (the latest ten of its incidents).
json pattern_view(const ViewContext& ctx, const RecurringPattern& p, const Linker& link);

// A month's or a quarter's digest: incidents with their summary and surprise, severities,
// services, customer-facing time, patterns, follow-through, items that came due.
json digest_page(const ViewContext& ctx, const Period& period, const Linker& link);
// Every quarter's and month's digest, newest first.
json digest_index_page(const ViewContext& ctx, const Linker& link);
// The same content as digest_page, as Markdown for an email or a document.
std::string digest_markdown(const Site& site, const Analysis& analysis, const Period& period,
                            Days as_of);

// How to write a post-mortem here, from the template `hindsight new` uses.
json about_page(const ViewContext& ctx, const std::string& template_text, const Linker& link);

// The frame around a page's content: site title, navigation, stylesheet.
// `summary`: the post-mortem's, on its page (the description links unfurl with); else empty.
json layout_view(const ViewContext& ctx, const std::string& page_title, const std::string& section,
                 const std::string& site_path, std::string content, const Linker& link,
                 const std::string& summary = {});

}  // namespace hs
