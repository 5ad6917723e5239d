// dt-report --samples: every scored query of every cell as one JSON Lines record, for analysis in pandas
// (pandas.read_json(path, lines=True)). A record holds the cell's identity (model, task, seed, k, demo_order, demos,
// optimizer label and JSON, cell_file relative to the results directory), the query (index, eval_row, prompt, choices,
// gold), the evaluated steps, per score the scores of every choice at every step and the prediction at every step, and
// flat columns for the two arms under lm_log_p: icl_prediction and icl_correct (step 1), dt_step, dt_prediction and
// dt_correct (the step the report's protocol chose for the cell; null for the baselines scored once and for cells
// outside the table, such as dev tasks). The query's text is rebuilt from the card and data (report/query_texts.h).
#pragma once

#include <string>

#include "dt/report/aggregate.h"
#include "dt/report/query_texts.h"
#include "dt/report/result_set.h"

namespace dt {

// `results` loaded with choice scores; `lm_report`: build_report(shown_order_only(results), Score::LmLogP,
// protocol), which says each row's Deep-Thinking step (a cell of another demonstration order takes its row's). Throws
// dt::Error (one line naming the file) when a query's text cannot be rebuilt.
std::string render_query_samples(const ResultSet& results, const Report& lm_report, QueryTexts& texts);

}  // namespace dt
