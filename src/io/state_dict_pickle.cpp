// Restricted unpickler for torch.save state dicts: a stack machine over the opcodes listed in `step`, values held by
// shared reference (the memo and the stack share containers, as in CPython), and a fixed table of known globals.
#include "dt/io/state_dict_pickle.h"

#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include "dt/util/error.h"

namespace dt {
namespace {

enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };

struct Value;
using Ref = std::shared_ptr<Value>;

struct Value {
  Kind kind = Kind::None;
  std::int64_t integer = 0;  // Bool, Int; Storage: numel
  double real = 0;
  std::string text;        // String; Global: "module.name"; Storage: record key
  std::vector<Ref> items;  // Tuple, List; Dict: key, value, key, value, ...
  StDType dtype{};         // Storage, and a Global that names a storage class
  PickledTensor tensor;    // Tensor
};

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::None: return "None";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::Tuple: return "tuple";
    case Kind::List: return "list";
    case Kind::Dict: return "dict";
    case Kind::Global: return "global";
    case Kind::Storage: return "storage";
    case Kind::Tensor: return "tensor";
  }
  return "?";
}

struct StorageClass {
  const char* name;
  StDType dtype;
};
constexpr StorageClass kStorageClasses[] = {
    {"FloatStorage", StDType::F32},  {"HalfStorage", StDType::F16}, {"BFloat16Storage", StDType::BF16},
    {"DoubleStorage", StDType::F64}, {"LongStorage", StDType::I64}, {"IntStorage", StDType::I32},
    {"ShortStorage", StDType::I16},  {"CharStorage", StDType::I8},  {"ByteStorage", StDType::U8},
    {"BoolStorage", StDType::BOOL},
};

constexpr const char* kCallables[] = {"collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
                                      "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
                                      "torch._utils._rebuild_parameter_with_state"};

Ref make(Kind kind) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  return v;
}

class Machine {
 public:
  Machine(std::span<const std::byte> pickle, const std::string& where) : in_(pickle), where_(where) {}
  // APPEND, SETITEM and BUILD can make a list or dict contain itself; emptying every container that is still alive
  // breaks such cycles of shared references, which would otherwise leak.
  ~Machine() {
    for (const auto& weak : containers_)
      if (const Ref container = weak.lock()) container->items.clear();
  }
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  PickledStateDict run() {
    while (!stopped_) step();
    if (stack_.size() != 1 || !marks_.empty())
      error("pickle ends with " + std::to_string(stack_.size()) + " values on its stack");
    return state_dict(*stack_.back());
  }

 private:
  [[noreturn]] void error(const std::string& what) const {
    fail(where_, what + " (data.pkl byte " + std::to_string(opcode_at_) + ")");
  }

  // ---- reading the byte stream
  const std::byte* take(std::size_t n) {
    if (n > in_.size() - pos_) error("pickle is truncated");
    const auto* p = in_.data() + pos_;
    pos_ += n;
    return p;
  }
  template <typename T>
  T read() {
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  std::string read_bytes(std::uint64_t n) {
    if (n > in_.size() - pos_) error("string of " + std::to_string(n) + " bytes runs past the end of the pickle");
    const auto* p = take(static_cast<std::size_t>(n));
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
  }
  std::string read_line() {
    std::string line;
    for (;;) {
      const char c = static_cast<char>(*take(1));
      if (c == '\n') return line;
      line += c;
      if (line.size() > 256) error("GLOBAL name is too long");
    }
  }

  // ---- the stack
  Ref pop() {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) error("pickle pops an empty stack");
    Ref v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  Ref& top() {
    if (stack_.empty()) error("pickle reads an empty stack");
    return stack_.back();
  }
  std::vector<Ref> pop_to_mark() {
    if (marks_.empty()) error("pickle has no MARK to pop to");
    const std::size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<Ref> items(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
    stack_.resize(mark);
    return items;
  }
  void push(Ref v) { stack_.push_back(std::move(v)); }
  void push_int(std::int64_t i) {
    auto v = make(Kind::Int);
    v->integer = i;
    push(std::move(v));
  }
  Ref make_container(Kind kind) {
    auto v = make(kind);
    containers_.push_back(v);
    return v;
  }
  void push_sequence(Kind kind, std::vector<Ref> items) {
    auto v = make_container(kind);
    v->items = std::move(items);
    push(std::move(v));
  }
  void add_pairs(Value& dict, std::vector<Ref>& items) {
    if (dict.kind != Kind::Dict) error("SETITEM(S) on a " + std::string(kind_name(dict.kind)));
    if (items.size() % 2 != 0) error("SETITEMS with an odd number of values");
    dict.items.insert(dict.items.end(), items.begin(), items.end());
  }
  void memo_put(std::uint64_t index) { memo_[index] = top(); }
  void memo_get(std::uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) error("pickle reads memo entry " + std::to_string(index) + " that was never stored");
    push(it->second);
  }

  // ---- globals and calls
  void global(const std::string& module, const std::string& name) {
    const std::string full = module + "." + name;
    auto g = make(Kind::Global);
    g->text = full;
    if (module == "torch") {
      for (const auto& s : kStorageClasses)
        if (name == s.name) {
          g->dtype = s.dtype;
          g->integer = 1;  // marks a storage class
          return push(std::move(g));
        }
    }
    for (const char* callable : kCallables)
      if (full == callable) return push(std::move(g));
    error("refusing pickled global '" + full + "': dt reads only tensors and the plain containers of a state dict");
  }

  std::int64_t as_int(const Ref& v, const char* what) {
    if (v->kind != Kind::Int) error(std::string(what) + " is a " + kind_name(v->kind) + ", not an int");
    return v->integer;
  }
  std::vector<std::int64_t> int_tuple(const Ref& v, const char* what) {
    if (v->kind != Kind::Tuple && v->kind != Kind::List) error(std::string(what) + " is not a tuple");
    std::vector<std::int64_t> out;
    for (const auto& item : v->items) {
      const auto i = as_int(item, what);
      if (i < 0) error(std::string(what) + " has a negative entry");
      out.push_back(i);
    }
    return out;
  }

  Ref rebuild_tensor(const std::vector<Ref>& args) {
    if (args.size() < 4 || args[0]->kind != Kind::Storage)
      error("_rebuild_tensor arguments are not (storage, offset, size, stride, ...)");
    auto t = make(Kind::Tensor);
    t->tensor.storage_key = args[0]->text;
    t->tensor.storage_offset = as_int(args[1], "tensor storage offset");
    t->tensor.shape = int_tuple(args[2], "tensor size");
    t->tensor.strides = int_tuple(args[3], "tensor stride");
    if (t->tensor.storage_offset < 0) error("negative tensor storage offset");
    if (t->tensor.shape.size() != t->tensor.strides.size()) error("tensor size and stride differ in length");
    check_extent(t->tensor, storages_.at(t->tensor.storage_key).numel);
    return t;
  }

  // The last element a view reaches must lie inside its storage; every product and sum is overflow-checked.
  void check_extent(const PickledTensor& t, std::int64_t storage_numel) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = t.storage_offset;
    for (std::size_t d = 0; d < t.shape.size(); ++d) {
      if (t.shape[d] == 0) return;  // an empty view reads nothing
      const std::int64_t span = t.shape[d] - 1;
      if (t.strides[d] != 0 && span > (kMax - last) / t.strides[d]) error("tensor view overflows");
      last += span * t.strides[d];
    }
    if (last >= storage_numel)
      error("tensor view reaches element " + std::to_string(last) + " of a storage of " +
            std::to_string(storage_numel));
  }

  void reduce() {
    const Ref args = pop();
    const Ref callable = pop();
    if (callable->kind != Kind::Global || callable->integer != 0)
      error("REDUCE on something that is not a known function");
    if (args->kind != Kind::Tuple) error("REDUCE arguments are not a tuple");
    const auto& a = args->items;
    const std::string& f = callable->text;
    if (f == "collections.OrderedDict") {
      if (!a.empty()) error("OrderedDict built from arguments");
      return push(make_container(Kind::Dict));
    }
    if (f == "torch._utils._rebuild_tensor_v2" || f == "torch._utils._rebuild_tensor") return push(rebuild_tensor(a));
    if (a.empty() || a[0]->kind != Kind::Tensor) error(f + " without a tensor");
    push(a[0]);  // _rebuild_parameter(_with_state): the parameter's data is the tensor
  }

  void persistent_load() {
    const Ref id = pop();
    const auto& a = id->items;
    if (id->kind != Kind::Tuple || a.size() != 5 || a[0]->kind != Kind::String || a[0]->text != "storage" ||
        a[1]->kind != Kind::Global || a[1]->integer != 1 || a[2]->kind != Kind::String || a[3]->kind != Kind::String)
      error("persistent id is not ('storage', <storage class>, key, location, numel)");
    const std::int64_t numel = as_int(a[4], "storage numel");
    if (numel < 0) error("negative storage size");
    auto [it, inserted] = storages_.try_emplace(a[2]->text, PickledStorage{a[1]->dtype, numel});
    if (!inserted && (it->second.dtype != a[1]->dtype || it->second.numel != numel))
      error("storage '" + a[2]->text + "' is described twice, differently");
    auto s = make(Kind::Storage);
    s->text = a[2]->text;
    s->dtype = a[1]->dtype;
    s->integer = numel;
    push(std::move(s));
  }

  void build() {
    const Ref state = pop();
    const Ref& object = top();
    // OrderedDict.__reduce__ carries the instance __dict__ (a state dict's `_metadata`): plain data, ignored.
    if (object->kind != Kind::Dict || (state->kind != Kind::Dict && state->kind != Kind::None))
      error("BUILD of a " + std::string(kind_name(object->kind)) + " (only a state dict's attributes are read)");
  }

  void step() {
    opcode_at_ = pos_;
    const auto op = static_cast<unsigned char>(*take(1));
    switch (op) {
      case 0x80: take(1); break;         // PROTO
      case 0x95: take(8); break;         // FRAME
      case '.': stopped_ = true; break;  // STOP
      case '(': marks_.push_back(stack_.size()); break;
      case '0': pop(); break;
      case '1': pop_to_mark(); break;
      case '2': push(top()); break;
      case 'N': push(make(Kind::None)); break;
      case 0x88:
      case 0x89: {
        auto v = make(Kind::Bool);
        v->integer = op == 0x88;
        push(std::move(v));
      } break;
      case 'J': push_int(read<std::int32_t>()); break;
      case 'K': push_int(read<std::uint8_t>()); break;
      case 'M': push_int(read<std::uint16_t>()); break;
      case 0x8a: {  // LONG1: little-endian two's complement of n <= 8 bytes
        const auto n = read<std::uint8_t>();
        if (n > 8) error("integer wider than 64 bits");
        std::uint64_t u = 0;
        const auto* p = take(n);
        for (unsigned i = 0; i < n; ++i) u |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        if (n > 0 && n < 8 && (static_cast<unsigned char>(p[n - 1]) & 0x80)) u |= ~std::uint64_t{0} << (8 * n);
        push_int(static_cast<std::int64_t>(u));
      } break;
      case 'G': {
        std::uint64_t bits = 0;
        const auto* p = take(8);
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(p[i]);
        auto v = make(Kind::Float);
        std::memcpy(&v->real, &bits, 8);
        push(std::move(v));
      } break;
      case 'X':
      case 0x8c:
      case 0x8d: {
        const std::uint64_t n = op == 'X'    ? read<std::uint32_t>()
                                : op == 0x8c ? read<std::uint8_t>()
                                             : read<std::uint64_t>();
        auto v = make(Kind::String);
        v->text = read_bytes(n);
        push(std::move(v));
      } break;
      case ')': push_sequence(Kind::Tuple, {}); break;
      case 't': push_sequence(Kind::Tuple, pop_to_mark()); break;
      case 0x85:
      case 0x86:
      case 0x87: {
        std::vector<Ref> items(op - 0x84);
        for (auto it = items.rbegin(); it != items.rend(); ++it) *it = pop();
        push_sequence(Kind::Tuple, std::move(items));
      } break;
      case ']': push_sequence(Kind::List, {}); break;
      case 'l': push_sequence(Kind::List, pop_to_mark()); break;
      case 'a': {
        auto v = pop();
        if (top()->kind != Kind::List) error("APPEND to a non-list");
        top()->items.push_back(std::move(v));
      } break;
      case 'e': {
        auto items = pop_to_mark();
        if (top()->kind != Kind::List) error("APPENDS to a non-list");
        top()->items.insert(top()->items.end(), items.begin(), items.end());
      } break;
      case '}': push(make_container(Kind::Dict)); break;
      case 'd': {
        auto items = pop_to_mark();
        auto dict = make_container(Kind::Dict);
        add_pairs(*dict, items);
        push(std::move(dict));
      } break;
      case 's': {
        std::vector<Ref> pair(2);
        pair[1] = pop();
        pair[0] = pop();
        add_pairs(*top(), pair);
      } break;
      case 'u': {
        auto items = pop_to_mark();
        add_pairs(*top(), items);
      } break;
      case 'q': memo_put(read<std::uint8_t>()); break;
      case 'r': memo_put(read<std::uint32_t>()); break;
      case 0x94: memo_put(memo_.size()); break;
      case 'h': memo_get(read<std::uint8_t>()); break;
      case 'j': memo_get(read<std::uint32_t>()); break;
      case 'c': {
        const auto module = read_line();
        global(module, read_line());
      } break;
      case 0x93: {  // STACK_GLOBAL
        const auto name = pop();
        const auto module = pop();
        if (module->kind != Kind::String || name->kind != Kind::String) error("STACK_GLOBAL of non-strings");
        global(module->text, name->text);
      } break;
      case 'R': reduce(); break;
      case 'b': build(); break;
      case 'Q': persistent_load(); break;
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        error(std::string("unsupported pickle opcode ") + hex + " (dt reads only state dicts)");
      }
    }
  }

  PickledStateDict state_dict(const Value& root) {
    if (root.kind != Kind::Dict)
      error("the pickled object is a " + std::string(kind_name(root.kind)) + ", not a state dict");
    PickledStateDict out;
    out.storages = storages_;
    std::map<std::string, bool> seen;
    for (std::size_t i = 0; i + 1 < root.items.size(); i += 2) {
      const Value& key = *root.items[i];
      const Value& value = *root.items[i + 1];
      if (key.kind != Kind::String) fail(where_, "state dict has a " + std::string(kind_name(key.kind)) + " key");
      if (value.kind != Kind::Tensor)
        fail(where_ + ": entry '" + key.text + "'", std::string("is a ") + kind_name(value.kind) + ", not a tensor");
      if (!seen.emplace(key.text, true).second) fail(where_ + ": entry '" + key.text + "'", "appears twice");
      out.tensors.push_back(value.tensor);
      out.tensors.back().name = key.text;
    }
    return out;
  }

  std::span<const std::byte> in_;
  const std::string& where_;
  std::size_t pos_ = 0, opcode_at_ = 0;
  bool stopped_ = false;
  std::vector<Ref> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, Ref> memo_;
  std::vector<std::weak_ptr<Value>> containers_;  // every list, dict and tuple made, for ~Machine
  std::map<std::string, PickledStorage> storages_;
};

}  // namespace

PickledStateDict read_state_dict_pickle(std::span<const std::byte> pickle, const std::string& where) {
  return Machine(pickle, where).run();
}

}  // namespace dt
