#include "src/events/evtx_reader.hpp"

#include "src/events/xml_reader.hpp"

#include <fmt/format.h>

#ifdef KR_HAVE_LIBEVTX
// Debian's libevtx.h includes libbfio.h for the file-IO-handle functions, which libevtx-dev does
// not depend on; kerbready opens files by name only, so switch those declarations off.
#include <libevtx/features.h>
#undef LIBEVTX_HAVE_BFIO
#include <libevtx.h>
#endif

#include <algorithm>
#include <array>
#include <fstream>
#include <vector>

namespace kerbready::events {

namespace {

constexpr std::uint64_t k_file_header_block = 4096;
constexpr std::uint64_t k_chunk_size = 65536;
constexpr std::size_t k_chunk_count_offset = 0x2A;

} // namespace

std::optional<std::string>
evtx_truncation(std::string_view header, std::uint64_t file_size)
{
  if (file_size < k_file_header_block || header.size() < k_chunk_count_offset + 2) {
    return fmt::format("the file header is cut short ({} bytes; a header block takes {})", file_size,
                       k_file_header_block);
  }
  const auto chunks = static_cast<std::uint64_t>(static_cast<unsigned char>(header[k_chunk_count_offset]) |
                                                 (static_cast<unsigned char>(header[k_chunk_count_offset + 1]) << 8));
  const auto complete = (file_size - k_file_header_block) / k_chunk_size;
  if (complete >= chunks) {
    return std::nullopt;
  }
  const auto tail = (file_size - k_file_header_block) % k_chunk_size;
  if (tail == 0) {
    return fmt::format("truncated: the header announces {} chunks, the file holds {}", chunks, complete);
  }
  return fmt::format("truncated: the header announces {} chunks, the file holds {} and {} bytes of chunk {}", chunks,
                     complete, tail, complete + 1);
}

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
  // libevtx reads only whole chunks and may not flag a file cut between them: compare the size
  // with the header's chunk count first.
  std::optional<std::string> damage;
  {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    std::string header(k_file_header_block, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    header.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    if (!ec) {
      damage = evtx_truncation(header, size);
    }
  }
  int count = 0;
  if (libevtx_file_get_number_of_records(file.file, &count, &error.error) != 1) {
    return unexpected(fmt::format("{}: cannot count records ({})", path.string(), error.take()));
  }
  if (!damage && libevtx_file_is_corrupted(file.file, nullptr) == 1) {
    damage = "libevtx reports damaged chunks";
  }
  std::uint64_t last_record_id = 0;
  std::optional<int> first_unreadable;
  std::string xml;
  Event event;
  for (int i = 0; i < count; ++i) {
    ++stats.records;
    const auto where = fmt::format("{}:record #{}", name, i + 1);
    Record record;
    if (libevtx_file_get_record_by_index(file.file, i, &record.record, &error.error) != 1) {
      stats.skip(where, fmt::format("libevtx cannot read the record: {}", error.take()));
      first_unreadable = first_unreadable.value_or(i);
      continue;
    }
    std::size_t size = 0;
    if (libevtx_record_get_utf8_xml_string_size(record.record, &size, &error.error) != 1 || size == 0 ||
        size > k_max_record_xml) {
      stats.skip(where, size > k_max_record_xml ? std::string("record XML too large")
                                                : fmt::format("libevtx cannot render the record: {}", error.take()));
      continue;
    }
    xml.assign(size, '\0');
    if (libevtx_record_get_utf8_xml_string(record.record, reinterpret_cast<std::uint8_t*>(xml.data()), size,
                                           &error.error) != 1) {
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
    last_record_id = std::max<std::uint64_t>(last_record_id, event.record_id);
    ++stats.events;
    sink(event);
  }
  if (first_unreadable && !damage) {
    damage = "libevtx cannot read the record";
  }
  if (damage) {
    // The first record missing: the one after the last read (EventRecordID), or the first
    // unreadable index when libevtx saw a record it could not read.
    const auto where = first_unreadable     ? fmt::format("{}:record #{}", name, *first_unreadable + 1)
                       : last_record_id > 0 ? fmt::format("{}:record {}", name, last_record_id + 1)
                                            : fmt::format("{}:first record", name);
    const auto from = first_unreadable     ? fmt::format("record #{} (in file order)", *first_unreadable + 1)
                      : last_record_id > 0 ? fmt::format("record {} (EventRecordID)", last_record_id + 1)
                                           : std::string("the first record");
    stats.damage(where,
                 fmt::format("{}; {} events read, the events from {} on are missing", *damage, stats.events, from));
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
