// prepare_rows: a data file's rows as a card's templates see them, as the authors' `dataset_preprocess` makes them:
// the card's transform (bbh_options.h) applied to every row, then rows dropped whose number of choices differs from
// `choice_count` (their expected_num_choices: ARC, BBH), then rows whose rendered answer is in `skip_answers` (SNLI's
// unlabelled -1). Rows are numbered after dropping (the numbering the seeded draws and the cell files use), and the
// kept rows remember their lines, so errors still name the file and line. Written rows are not prepared: a written
// card gives them in the layout its templates read.
#pragma once

#include "dt/task/jsonl.h"
#include "dt/task/task_card.h"

namespace dt {

JsonlFile prepare_rows(const TaskCard& card, JsonlFile file);

}  // namespace dt
