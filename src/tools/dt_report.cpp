// dt-report RESULTS_DIR: the paper's tables from a results directory (Markdown to stdout by default; --format for
// CSV, LaTeX or JSON; --output DIR writes every format plus SVG plots). --step chooses the Deep-Thinking step
// (fixed:T, dev, oracle, rule:NAME) and is printed under every table; with more than one meta-optimizer per model,
// a comparison table puts them side by side. Pseudo-gradient estimators other than the released one, random-weight
// controls and the demonstration-order axis get their own tables (paired against released, against the model, and
// the spread across orders). After each score's tables, the queries thinking fixed and broke; --samples DIR writes
// every cell's queries, with their text, as DIR/samples.jsonl.
#include <boost/program_options.hpp>
#include <iostream>
#include <set>

#include "command_line.h"
#include "dt/config/controls.h"
#include "dt/report/aggregate.h"
#include "dt/report/comparison_render.h"
#include "dt/report/html_render.h"
#include "dt/report/order_spread.h"
#include "dt/report/query_outcomes_render.h"
#include "dt/report/query_samples.h"
#include "dt/report/report_plots.h"
#include "dt/report/report_render.h"
#include "dt/report/result_set.h"
#include "dt/report/row_comparison.h"
#include "dt/report/suite_render.h"
#include "dt/task/task_suite.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/install_layout.h"
#include "dt/util/output_location.h"

namespace po = boost::program_options;

namespace {

struct ReportOptions {
  std::string dir, format = "markdown", score = "both", step = "fixed:5", output, samples,
                   suites_dir = (dt::share_dir() / "jobs" / "suites").string();
  std::vector<std::string> compare, against;
};

// Fills `o` from the command line; an exit status when dt-report should stop there (--help, a usage error).
std::optional<int> parse_options(int argc, char** argv, ReportOptions& o) {
  po::options_description options("dt-report [options] RESULTS_DIR");
  options.add_options()("help,h", "show this help")("format", po::value(&o.format)->default_value(o.format),
                                                    "markdown, csv, latex or json")(
      "score", po::value(&o.score)->default_value(o.score),
      "lm (sum of log-probs), norm (token-normalised), char (per character, lm-eval's acc_norm), mi (minus the "
      "log-prob without demonstration and query, lm-eval's acc_mutual_info), cal (minus the log-prob after a "
      "content-free \"N/A\" query with the same demonstration KV: contextual calibration), both (lm and norm) or all")(
      "step", po::value(&o.step)->default_value(o.step),
      "Deep-Thinking step: fixed:T, dev (best on <task>-dev), oracle (best on test; optimistic) or rule:NAME (where "
      "the label-free stopping rule NAME, recorded in each cell, stops)")(
      "output", po::value(&o.output),
      "also write report.{md,csv,tex,json}, report.html (one self-contained page) and plots/*.svg into this directory")(
      "samples", po::value(&o.samples),
      "also write samples.jsonl into this directory: one line per cell and query (text, scores, predictions; "
      "pandas.read_json(path, lines=True))")(
      "compare", po::value(&o.compare)->composing(),
      "A: rows to compare, as field=value,... over model, k, demos, optimizer, arm (icl|dt); repeatable, each with an "
      "--against")("against", po::value(&o.against)->composing(),
                   "B: the rows A is paired with (per seed and query; fields neither names must agree)")(
      "suites", po::value(&o.suites_dir)->default_value(o.suites_dir),
      "directory of task suites (jobs/suites): a suite with results is averaged in its own table (per category and "
      "over its tasks) and its tasks leave the main table")(
      "results", po::value(&o.dir), "results directory (a dt-sweep output or any directory with cells/)");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map vm;
  return dt::parse_command_line({"dt-report", options, &positional, "results"}, argc, argv, vm);
}

// The scores --score names, in table order; throws for an unknown name.
std::vector<dt::Score> parse_scores(const std::string& score) {
  std::vector<dt::Score> scores;
  if (score == "lm" || score == "both" || score == "all") scores.push_back(dt::Score::LmLogP);
  if (score == "norm" || score == "both" || score == "all") scores.push_back(dt::Score::NormLmLogP);
  if (score == "char" || score == "all") scores.push_back(dt::Score::CharNorm);
  if (score == "mi" || score == "all") scores.push_back(dt::Score::MutualInfo);
  if (score == "cal" || score == "all") scores.push_back(dt::Score::Calibrated);
  if (scores.empty()) dt::fail("--score", "unknown score '" + score + "' (lm, norm, char, mi, cal, both, all)");
  return scores;
}

// One (A, B) pair of row selectors per --compare and its --against.
std::vector<std::pair<dt::RowSelector, dt::RowSelector>> parse_comparisons(const ReportOptions& o) {
  if (o.compare.size() != o.against.size()) dt::fail("--compare", "give one --against for every --compare");
  std::vector<std::pair<dt::RowSelector, dt::RowSelector>> comparisons;
  for (std::size_t i = 0; i < o.compare.size(); ++i)
    comparisons.emplace_back(dt::parse_row_selector(o.compare[i], "--compare"),
                             dt::parse_row_selector(o.against[i], "--against"));
  return comparisons;
}

// A paired comparison dt-report adds by itself, with the title of its LaTeX table.
struct AutomaticComparison {
  dt::RowSelector a, b;
  std::string title;
};

// Every estimator but the released one against the released one; every random-weight control against its model.
std::vector<AutomaticComparison> automatic_comparisons(const dt::ResultSet& results) {
  std::set<std::string> estimators, models;
  for (const auto& c : results.cells) {
    if (const auto estimator = dt::row_estimator(c.optimizer); !estimator.empty() && estimator != "released")
      estimators.insert(estimator);
    models.insert(c.model);
  }
  std::vector<AutomaticComparison> out;
  for (const auto& e : estimators)
    out.push_back({dt::parse_row_selector("estimator=" + e, "estimator"),
                   dt::parse_row_selector("estimator=released", "estimator"),
                   "Pseudo-gradient estimator " + e + " against the released one"});
  for (const auto& m : models)
    if (models.count(m + dt::kRandomInitSuffix))
      for (const std::string arm : {"icl", "dt"})
        out.push_back(
            {dt::parse_row_selector("model=" + m + ",arm=" + arm, "model"),
             dt::parse_row_selector("model=" + m + dt::kRandomInitSuffix + ",arm=" + arm, "model"),
             "Model " + m + " against its random-weight control (" + (arm == "icl" ? "ICL" : "Deep-Thinking") + ")"});
  return out;
}

// rule:NAME: throws unless some cell records the stopping rule NAME (listing the ones recorded).
void check_rule_recorded(const dt::ResultSet& results, const dt::StepProtocol& protocol, const std::string& dir) {
  if (protocol.kind != dt::StepProtocol::Kind::Rule) return;
  std::set<std::string> recorded;
  for (const auto& cell : results.cells)
    for (const auto& outcome : cell.stop_rules) recorded.insert(outcome.rule.name);
  if (!recorded.count(protocol.rule)) {
    std::string names;
    for (const auto& name : recorded) names += (names.empty() ? "" : ", ") + name;
    dt::fail("--step", "no cell under " + dir + " records a stopping rule named '" + protocol.rule + "' (" +
                           (names.empty() ? "they record none" : "recorded: " + names) + ")");
  }
}

// Every format's text, accumulated over the scores.
struct RenderedReports {
  std::string md, csv, tex, paired, suites_html, queries_html;
  dt::QueryTexts texts;
  nlohmann::json json = nlohmann::json::array();
  std::vector<dt::Report> reports;
  std::vector<std::vector<dt::ReportPlot>> plots;
};

// The paired comparisons asked for and the automatic ones (estimators, controls), appended to the Markdown and the
// page; returns the automatic ones' LaTeX tables.
std::string render_comparisons(const dt::Report& report, const dt::ResultSet& results,
                               const std::vector<std::pair<dt::RowSelector, dt::RowSelector>>& comparisons,
                               RenderedReports& out) {
  for (const auto& [a, b] : comparisons) {
    const auto text = dt::render_row_comparison(report, a, b, dt::compare_rows(report, results, a, b));
    out.md += text;
    out.paired += text;
  }
  std::string tex;
  for (const auto& [a, b, title] : automatic_comparisons(results)) {
    const auto pairings = dt::compare_rows(report, results, a, b);
    const auto text = dt::render_row_comparison(report, a, b, pairings);
    out.md += text;
    out.paired += text;
    tex += dt::render_row_comparison_latex(report, title, pairings);
  }
  return tex;
}

// The cells of a results directory: all of them, and those of demonstration order 0 that the tables read.
struct LoadedResults {
  dt::ResultSet all, shown;
};

// Appends the tables of `score` to `out`; with an output directory, also writes its plots there.
void render_score(dt::Score score, const LoadedResults& loaded, const dt::StepProtocol& protocol,
                  const std::vector<dt::TaskSuite>& suites,
                  const std::vector<std::pair<dt::RowSelector, dt::RowSelector>>& comparisons,
                  const std::string& output, RenderedReports& out) {
  const auto& results = loaded.shown;
  const auto full = dt::build_report(results, score, protocol);
  std::vector<dt::SuiteTable> suite_tables;
  std::set<std::string> suite_tasks;
  for (const auto& suite : suites)
    if (auto table = dt::build_suite_table(full, suite)) {
      suite_tables.push_back(std::move(*table));
      for (const auto& task : suite_tables.back().members) suite_tasks.insert(task);
    }
  const auto report = suite_tasks.empty() ? full : dt::without_tasks(full, suite_tasks);
  out.md += dt::render_markdown(report) + "\n";
  for (const auto& table : suite_tables) {
    out.md += dt::render_suite_markdown(table, full) + "\n";
    out.suites_html += dt::render_suite_html(table, full);
  }
  if (const auto comparison = dt::render_optimizer_comparison(report); !comparison.empty()) out.md += comparison;
  const auto outcomes = dt::query_outcomes(report, results);
  out.md += dt::render_query_outcomes_markdown(report, outcomes);
  if (!output.empty()) out.queries_html += dt::render_query_outcomes_html(report, outcomes, out.texts);
  const auto comparison_tex = render_comparisons(report, results, comparisons, out);
  const auto orders = dt::order_spread(report, loaded.all);
  out.md += dt::render_order_spread_markdown(report, orders);
  out.paired += dt::render_order_spread_markdown(report, orders);
  out.csv += dt::render_csv(full);
  out.tex += dt::render_latex(report) + "\n" + comparison_tex + dt::render_order_spread_latex(report, orders);
  for (const auto& table : suite_tables) out.tex += dt::render_suite_latex(table, full) + "\n";
  out.tex += dt::render_query_outcomes_latex(report, outcomes);
  out.json.push_back(dt::render_json(full));
  if (!output.empty()) {
    out.plots.push_back(dt::report_plots(report, results));
    dt::write_report_plots(out.plots.back(), std::filesystem::path(output) / "plots");
  }
  out.reports.push_back(report);
}

// Writes report.{md,csv,tex,json,html} into `output`.
void write_report_files(const RenderedReports& r, const dt::ResultSet& results, const std::string& dir,
                        const std::string& output) {
  const std::filesystem::path out(output);
  dt::write_file_atomically(out / "report.md", r.md);
  dt::write_file_atomically(out / "report.csv", r.csv);
  dt::write_file_atomically(out / "report.tex", r.tex);
  dt::write_file_atomically(out / "report.json", r.json.dump(2) + "\n");
  const auto title = "dt report: " + std::filesystem::absolute(dir).lexically_normal().filename().string();
  dt::write_file_atomically(out / "report.html", dt::render_html(r.reports, r.plots, results, title, r.paired,
                                                                 r.suites_html, r.queries_html));
  std::cerr << "wrote report.{md,csv,tex,json,html} and plots/ to " << output << "\n";
}

// Writes samples.jsonl into `dir` (query_samples.h): every text is rebuilt before anything is written.
void write_samples(const LoadedResults& loaded, const dt::StepProtocol& protocol, dt::QueryTexts& texts,
                   const std::string& dir) {
  const auto lm_report = dt::build_report(loaded.shown, dt::Score::LmLogP, protocol);
  const auto lines = dt::render_query_samples(loaded.all, lm_report, texts);
  dt::write_file_atomically(std::filesystem::path(dir) / "samples.jsonl", lines);
  std::cerr << "wrote samples.jsonl to " << dir << "\n";
}

// Everything after the command line; throws on any error.
void run_report(const ReportOptions& o) {
  if (o.format != "markdown" && o.format != "csv" && o.format != "latex" && o.format != "json")
    dt::fail("--format", "unknown format '" + o.format + "' (markdown, csv, latex, json)");
  const auto scores = parse_scores(o.score);
  const auto protocol = dt::StepProtocol::parse(o.step);
  const auto comparisons = parse_comparisons(o);
  if (!o.output.empty()) dt::check_output_location(std::filesystem::path(o.output) / "report.md");
  if (!o.samples.empty()) dt::check_output_location(std::filesystem::path(o.samples) / "samples.jsonl");
  const auto suites = dt::load_task_suites(o.suites_dir);
  LoadedResults loaded;
  loaded.all = dt::load_results(o.dir, /*with_choice_scores=*/!o.samples.empty());
  const auto& results = loaded.all;
  if (results.cells.empty()) dt::fail(o.dir, "no complete cell files under cells/");
  check_rule_recorded(results, protocol, o.dir);
  loaded.shown = dt::shown_order_only(results);
  RenderedReports r;
  for (auto s : scores) render_score(s, loaded, protocol, suites, comparisons, o.output, r);
  if (!o.samples.empty()) write_samples(loaded, protocol, r.texts, o.samples);
  r.md += dt::render_failed_cells(results);
  if (!results.failed.empty() && o.format != "markdown")
    std::cerr << "dt-report: " << results.failed.size() << " cells have no results (see " << o.dir << "/failed)\n";
  if (o.format == "markdown") std::cout << r.md;
  if (o.format == "csv") std::cout << r.csv;
  if (o.format == "latex") std::cout << r.tex;
  if (o.format == "json") std::cout << r.json.dump(2) << "\n";
  if (!o.output.empty()) write_report_files(r, results, o.dir, o.output);
}

}  // namespace

int main(int argc, char** argv) {
  ReportOptions o;
  if (const auto status = parse_options(argc, argv, o)) return *status;
  try {
    run_report(o);
  } catch (const std::exception& e) {
    std::cerr << "dt-report: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}
