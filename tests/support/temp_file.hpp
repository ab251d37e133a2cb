#pragma once

// A file with the given content in the temporary directory, removed with the object. CTest runs
// test cases side by side in separate processes: a random name keeps them apart.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace kerbready::test {

class TempFile
{
public:
  explicit TempFile(const std::string& content, const std::string& suffix = ".ldif")
  {
    std::random_device random;
    m_path = (std::filesystem::temp_directory_path() /
              ("kr-test-" + std::to_string(random()) + "-" + std::to_string(random()) + suffix))
               .string();
    std::ofstream(m_path, std::ios::binary) << content;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { std::filesystem::remove(m_path); }
  [[nodiscard]] const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

} // namespace kerbready::test
