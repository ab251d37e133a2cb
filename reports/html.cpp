#include "reports/reporter.hpp"

namespace kerbready::reports {

void
write_html(const Report& /*report*/, std::ostream& out, const OutputOptions& /*options*/)
{
  out << "<!doctype html>\n";
}

} // namespace kerbready::reports
