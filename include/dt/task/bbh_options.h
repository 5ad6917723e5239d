// The "bbh_options" row transform: BIG-Bench Hard's multiple-choice rows ({"input", "target"}, the input ending in
// "\nOptions:\n(A) ...\n(B) ...", the target "(B)") parsed as the authors' later code parses them
// (Yangjiaxi/DeepThinking, tasks/tasks_selection/bbh.py `process_example`):
//   - the input is cut at its only "\nOptions:\n" (none, or two, is an error, as Python's unpacking of rsplit is);
//   - every following line matching ^\((.+?)\)\w*(.+?)$ is an option: the key is group 1 and the text group 2, both
//     str.strip()ped; lines that do not match are skipped;
//   - the answer is the first option whose text equals that of the last option whose key occurs in the target
//     (a substring test, as `answer_key in target` is).
// The row gains "query" (the part before "\nOptions:\n", unstripped), "options" (the option texts) and
// "answer_index" (null when no key occurs in the target; a card's choice-count filter may still drop such a row).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace dt {

// `where` names the row ("file:line") in errors: a missing or non-string input/target, no or several "\nOptions:\n".
nlohmann::json parse_bbh_options(nlohmann::json row, const std::string& where);

}  // namespace dt
