// read_optimizer_tables (see optimizer_tables.h).
#include "dt/config/optimizer_tables.h"

#include <algorithm>
#include <set>

#include "dt/util/error.h"

namespace dt {
namespace {

class TableReader {
 public:
  TableReader(const std::filesystem::path& file, std::string prefix) : file_(file), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail_key(const std::string& key, const std::string& problem) const {
    fail(file_.string(), "key '" + prefix_ + key + "': " + problem);
  }

  std::vector<double> numbers(const toml::node& n, const std::string& key) const {
    auto one = [&](const toml::node& v) -> double {
      if (v.is_floating_point()) return v.as_floating_point()->get();
      if (v.is_integer()) return static_cast<double>(v.as_integer()->get());
      fail_key(key, "must be a number or a list of numbers");
    };
    if (!n.is_array()) return {one(n)};
    std::vector<double> out;
    for (const auto& item : *n.as_array()) out.push_back(one(item));
    if (out.empty()) fail_key(key, "must not be empty");
    return out;
  }

  LayerSchedule layers(const toml::table& t) const {
    LayerSchedule s;
    if (const auto* n = t.get("layers")) {
      if (n->is_string()) {
        try {
          s = parse_layer_selection(n->as_string()->get(), "layers");
        } catch (const Error&) {
          fail_key("layers", "must be \"all\", \"first:N\", \"last:N\" (N >= 1) or a list of layer indices");
        }
      } else if (n->is_array()) {
        s.select = LayerSchedule::Select::List;
        for (const auto& item : *n->as_array()) {
          if (!item.is_integer()) fail_key("layers", "a list of layers must hold integers");
          s.indices.push_back(item.as_integer()->get());
        }
        std::sort(s.indices.begin(), s.indices.end());
      } else {
        fail_key("layers", "must be \"all\", \"first:N\", \"last:N\" (N >= 1) or a list of layer indices");
      }
    }
    if (const auto* n = t.get("ramp")) {
      const auto values = n->is_array() ? numbers(*n, "ramp") : std::vector<double>{};
      if (values.size() != 2) fail_key("ramp", "must be [from, to]: the step scale at the first and the last layer");
      s.ramp_from = values[0];
      s.ramp_to = values[1];
    }
    return s;
  }

 private:
  const std::filesystem::path& file_;
  std::string prefix_;
};

std::string names_of(const MetaOptimizerKind& kind) {
  std::string out;
  for (const auto& p : kind.parameters) out += (out.empty() ? "" : ", ") + std::string(p.name);
  return out;
}

}  // namespace

std::vector<MetaOptimizerSpec> read_optimizer_tables(const toml::node* tables, const std::filesystem::path& file) {
  if (tables == nullptr) return {MetaOptimizerSpec{}};
  if (!tables->is_array_of_tables()) fail(file.string(), "key 'optimizers': must be [[optimizers]] tables");
  std::vector<MetaOptimizerSpec> out;
  std::size_t index = 0;
  for (const auto& node : *tables->as_array()) {
    const auto table_key = "optimizers[" + std::to_string(index++) + "]";
    const TableReader r(file, table_key + ".");
    const auto& t = *node.as_table();
    MetaOptimizerSpec base;
    if (const auto* kind = t.get("kind")) {
      if (!kind->is_string()) r.fail_key("kind", "must be a string");
      try {
        base.kind = parse_meta_optimizer_kind(kind->as_string()->get(), "kind");
      } catch (const Error& e) {
        r.fail_key("kind", std::string(e.what()).substr(std::string("kind: ").size()));
      }
    }
    const auto& kind = meta_optimizer_kind(base.kind);
    std::set<std::string> allowed{"kind", "layers", "ramp"};
    for (const auto& p : kind.parameters) allowed.insert(p.name);
    for (const auto& [key, value] : t) {
      const std::string name(key.str());
      if (allowed.count(name)) continue;
      for (const auto& other : meta_optimizer_kinds())
        for (const auto& p : other.parameters)
          if (name == p.name)
            r.fail_key(name, "is not a " + std::string(kind.name) + " parameter (" + kind.name + " takes " +
                                 names_of(kind) + ")");
      r.fail_key(name, "unknown key");
    }
    base.layers = r.layers(t);
    std::vector<MetaOptimizerSpec> specs{base};
    for (const auto& p : kind.parameters) {
      const auto* n = t.get(p.name);
      if (n == nullptr) continue;
      std::vector<MetaOptimizerSpec> expanded;
      for (const auto& spec : specs)
        for (const double v : r.numbers(*n, p.name)) {
          expanded.push_back(spec);
          expanded.back().*(p.member) = v;
        }
      specs = std::move(expanded);
    }
    for (const auto& spec : specs)
      if (const auto problem = meta_optimizer_problem(spec))
        fail(file.string(), "key '" + table_key + "': " + *problem);
    out.insert(out.end(), specs.begin(), specs.end());
  }
  return out;
}

}  // namespace dt
