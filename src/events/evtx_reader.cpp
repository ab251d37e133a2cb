#include "src/events/evtx_reader.hpp"

#include "src/events/xml_reader.hpp"

#include <fmt/format.h>

#ifdef KR_HAVE_LIBEVTX
// Debian's libevtx.h includes libbfio.h for the file-IO-handle functions, which libevtx-dev does
// not depend on; kerbready opens files by name only, so switch those declarations off.
#  include <libevtx/features.h>
#  undef LIBEVTX_HAVE_BFIO
#  include <libevtx.h>
#endif

#include <array>
#include <vector>

namespace kerbready::events {

#ifdef KR_HAVE_LIBEVTX

namespace {

std::string
error_text(libevtx_error_t* error)
{
  std::array<char, 512> buffer{};
  if (error == nullptr) {
    return "unknown libevtx error";
  }
  libevtx_error_sprint(error, buffer.data(), buffer.size());
  std::string text(buffer.data());
  // libevtx's messages chain "func: message" lines; the last line is the most specific.
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  const auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

struct EvtxError
{
  libevtx_error_t* error = nullptr;
  EvtxError() = default;
  EvtxError(const EvtxError&) = delete;
  EvtxError& operator=(const EvtxError&) = delete;
  ~EvtxError() { reset(); }
  void reset()
  {
    if (error != nullptr) {
      libevtx_error_free(&error);
    }
  }
  std::string take()
  {
    auto text = error_text(error);
    reset();
    return text;
  }
};

struct File
{
  libevtx_file_t* file = nullptr;
  bool open = false;
  File() = default;
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File()
  {
    if (open) {
      libevtx_file_close(file, nullptr);
    }
    if (file != nullptr) {
      libevtx_file_free(&file, nullptr);
    }
  }
};

struct Record
{
  libevtx_record_t* record = nullptr;
  Record() = default;
  Record(const Record&) = delete;
  Record& operator=(const Record&) = delete;
  ~Record()
  {
    if (record != nullptr) {
      libevtx_record_free(&record, nullptr);
    }
  }
};

// Records hold at most 64 KiB of chunk data; their XML is bounded in practice, but cap it anyway.
constexpr std::size_t k_max_record_xml = std::size_t{16} * 1024 * 1024;

} // namespace

bool
evtx_supported()
{
  return true;
}

expected<ReadStats>
read_evtx_file(const std::filesystem::path& path, const EventSink& sink)
{
  const auto name = path.filename().string();
  EvtxError error;
  File file;
  if (libevtx_file_initialize(&file.file, &error.error) != 1) {
    return unexpected(fmt::format("{}: cannot initialise libevtx: {}", path.string(), error.take()));
  }
  if (libevtx_file_open(file.file, path.string().c_str(), libevtx_get_access_flags_read(), &error.error) != 1) {
    return unexpected(fmt::format("{}: not a readable .evtx file ({})", path.string(), error.take()));
  }
  file.open = true;
  ReadStats stats;
  int count = 0;
  if (libevtx_file_get_number_of_records(file.file, &count, &error.error) != 1) {
    return unexpected(fmt::format("{}: cannot count records ({})", path.string(), error.take()));
  }
  if (libevtx_file_is_corrupted(file.file, nullptr) == 1) {
    stats.note(name, "libevtx reports the file as corrupted (truncated or damaged chunks); read what it could");
  }
  std::string xml;
  Event event;
  for (int i = 0; i < count; ++i) {
    ++stats.records;
    const auto where = fmt::format("{}:record #{}", name, i + 1);
    Record record;
    if (libevtx_file_get_record_by_index(file.file, i, &record.record, &error.error) != 1) {
      stats.skip(where, fmt::format("libevtx cannot read the record: {}", error.take()));
      continue;
    }
    std::size_t size = 0;
    if (libevtx_record_get_utf8_xml_string_size(record.record, &size, &error.error) != 1 || size == 0
        || size > k_max_record_xml) {
      stats.skip(where, size > k_max_record_xml ? std::string("record XML too large")
                                                : fmt::format("libevtx cannot render the record: {}", error.take()));
      continue;
    }
    xml.assign(size, '\0');
    if (libevtx_record_get_utf8_xml_string(record.record, reinterpret_cast<std::uint8_t*>(xml.data()), size,
                                           &error.error)
        != 1) {
      stats.skip(where, fmt::format("libevtx cannot render the record: {}", error.take()));
      continue;
    }
    while (!xml.empty() && xml.back() == '\0') {
      xml.pop_back();
    }
    if (const auto why = parse_event_xml(xml, event)) {
      stats.skip(where, *why);
      continue;
    }
    if (event.record_id == 0) {
      std::uint64_t id = 0;
      if (libevtx_record_get_identifier(record.record, &id, nullptr) == 1) {
        event.record_id = id;
      }
    }
    ++stats.events;
    sink(event);
  }
  int recovered = 0;
  if (libevtx_file_get_number_of_recovered_records(file.file, &recovered, nullptr) == 1 && recovered > 0) {
    stats.note(name, fmt::format("{} recovered (deleted or partly overwritten) records were not read", recovered));
  }
  return stats;
}

#else

bool
evtx_supported()
{
  return false;
}

expected<ReadStats>
read_evtx_file(const std::filesystem::path& path, const EventSink& /*sink*/)
{
  return unexpected(fmt::format("{}: this kerbready was built without libevtx and cannot read .evtx files; export "
                                "with 'wevtutil qe <log> /f:xml' or Winlogbeat JSON instead",
                                path.string()));
}

#endif

} // namespace kerbready::events
