// The pseudo-gradient estimator registry: names, grid ids, forwards per step and the [[estimators]] tables.
#include "dt/config/estimator_spec.h"

#include "dt/util/error.h"
#include "dt/util/quote.h"

namespace dt {
namespace {

using Kind = EstimatorSpec::Kind;

struct EstimatorName {
  Kind kind;
  const char* name;
  const char* id;
};

constexpr EstimatorName kNames[] = {{Kind::Released, "released", ""},
                                    {Kind::PositionMatched, "position-matched", "posm"},
                                    {Kind::LayerSequential, "layer-sequential", "lseq"},
                                    {Kind::OrderAverage, "order-average", "ord"}};

const EstimatorName& entry(Kind kind) {
  for (const auto& e : kNames)
    if (e.kind == kind) return e;
  throw Error("internal: unregistered estimator");
}

constexpr std::int64_t kMaxOrders = 64;

}  // namespace

std::string estimator_names() {
  std::string out;
  for (const auto& e : kNames)
    out += (out.empty() ? "" : ", ") + std::string(e.name) + (e.kind == Kind::OrderAverage ? ":R" : "");
  return out;
}

EstimatorSpec EstimatorSpec::parse(const std::string& text, const std::string& where) {
  EstimatorSpec spec;
  const auto colon = text.find(':');
  const auto head = text.substr(0, colon);
  for (const auto& e : kNames) {
    if (head != e.name) continue;
    spec.kind = e.kind;
    if (e.kind != Kind::OrderAverage) {
      if (colon == std::string::npos) return spec;
      break;
    }
    const auto digits = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    if (!digits.empty() && digits.size() <= 2 && digits.find_first_not_of("0123456789") == std::string::npos) {
      spec.orders = std::stoll(digits);
      if (spec.orders >= 1 && spec.orders <= kMaxOrders) return spec;
    }
    fail(where, "order-average needs its number of orders, 1 to " + std::to_string(kMaxOrders) +
                    " (order-average:R), not " + quote_text(text));
  }
  fail(where, "unknown pseudo-gradient estimator " + quote_text(text) + " (" + estimator_names() + ")");
}

std::string EstimatorSpec::name() const {
  const std::string base = entry(kind).name;
  return kind == Kind::OrderAverage ? base + ":" + std::to_string(orders) : base;
}

std::string EstimatorSpec::grid_id() const {
  const std::string base = entry(kind).id;
  return kind == Kind::OrderAverage ? base + std::to_string(orders) : base;
}

std::int64_t EstimatorSpec::forwards_per_step(std::int64_t layers) const {
  switch (kind) {
    case Kind::LayerSequential: return layers;
    case Kind::OrderAverage: return orders;
    case Kind::Released:
    case Kind::PositionMatched: break;
  }
  return 1;
}

std::vector<EstimatorSpec> read_estimator_tables(const toml::node* tables, const std::filesystem::path& file) {
  if (tables == nullptr) return {EstimatorSpec{}};
  if (!tables->is_array_of_tables() || tables->as_array()->empty())
    fail(file.string(), "key 'estimators': must be [[estimators]] tables");
  std::vector<EstimatorSpec> out;
  std::size_t index = 0;
  for (const auto& node : *tables->as_array()) {
    const auto key = "estimators[" + std::to_string(index++) + "]";
    const auto bad = [&](const std::string& field, const std::string& problem) {
      fail(file.string(), "key '" + key + "." + field + "': " + problem);
    };
    const auto& t = *node.as_table();
    for (const auto& [name, value] : t)
      if (name.str() != "kind" && name.str() != "orders") bad(std::string(name.str()), "unknown key (kind, orders)");
    const auto* kind = t.get("kind");
    if (kind == nullptr || !kind->is_string()) bad("kind", "must be a string (" + estimator_names() + ")");
    const auto kind_text = kind->as_string()->get();
    const auto* orders = t.get("orders");
    if (kind_text != "order-average") {
      if (orders != nullptr) bad("orders", "only order-average takes orders");
      try {
        out.push_back(EstimatorSpec::parse(kind_text, key + ".kind"));
      } catch (const Error& e) {
        fail(file.string(), e.what());
      }
      continue;
    }
    if (orders == nullptr) bad("orders", "order-average needs orders = R (an integer, or a list of them)");
    std::vector<const toml::node*> values;
    if (orders->is_array())
      for (const auto& item : *orders->as_array()) values.push_back(&item);
    else
      values.push_back(orders);
    if (values.empty()) bad("orders", "must not be empty");
    for (const auto* v : values) {
      if (!v->is_integer()) bad("orders", "must be an integer or a list of integers");
      const auto r = v->as_integer()->get();
      if (r < 1 || r > kMaxOrders) bad("orders", "must be 1 to " + std::to_string(kMaxOrders));
      out.push_back(EstimatorSpec{Kind::OrderAverage, r});
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = i + 1; j < out.size(); ++j)
      if (out[i] == out[j]) fail(file.string(), "key 'estimators': " + out[i].name() + " is listed twice");
  return out;
}

}  // namespace dt
