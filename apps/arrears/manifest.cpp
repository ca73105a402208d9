// The run's manifest: files hashed with OpenSSL's SHA-256 (EVP), the record written with
// nlohmann::json in a fixed key order.
#include "manifest.hpp"

#include "options.hpp"

#include <arrears/io/file.hpp>
#include <arrears/version.hpp>

#include <fmt/core.h>
#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace arrears::cli {

namespace {

std::string hex_of(const unsigned char* digest, unsigned int len) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

}  // namespace

std::string sha256_of_file(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw UsageError(fmt::format("--manifest: cannot read '{}': {}", path, std::strerror(errno)));
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw UsageError("--manifest: SHA-256 is not available");
    std::vector<unsigned char> buf(1 << 20);
    for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0;)
        EVP_DigestUpdate(ctx.get(), buf.data(), n);
    if (std::ferror(f.get())) throw UsageError(fmt::format("--manifest: cannot read '{}'", path));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    return hex_of(digest, len);
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
        throw UsageError("--manifest: SHA-256 is not available");
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::update(std::string_view bytes) {
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}

std::string Sha256::hex() const {
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> copy(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!copy || EVP_MD_CTX_copy_ex(copy.get(), static_cast<const EVP_MD_CTX*>(ctx_)) != 1)
        throw UsageError("--manifest: SHA-256 is not available");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(copy.get(), digest, &len);
    return hex_of(digest, len);
}

std::function<void(std::string_view)> InputHashes::hook(const std::string& option) {
    if (!wanted_) return {};
    auto hash = std::make_shared<Sha256>();
    by_option_[option] = hash;
    return [hash](std::string_view bytes) { hash->update(bytes); };
}

void InputHashes::whole(const std::string& option, std::string_view bytes) {
    if (!wanted_) return;
    auto hash = std::make_shared<Sha256>();
    hash->update(bytes);
    by_option_[option] = std::move(hash);
}

std::string InputHashes::hex(const std::string& option) const {
    const auto it = by_option_.find(option);
    return it == by_option_.end() ? std::string() : it->second->hex();
}

std::string read_input_file(std::string_view option, const std::string& path, std::size_t max_bytes,
                            std::string_view what, InputHashes& hashes) {
    try {
        std::string text = io::read_whole_file(path, path, max_bytes, what);
        hashes.whole(std::string(option), text);
        return text;
    } catch (const InputError& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

std::string Manifest::json() const {
    using nlohmann::ordered_json;
    auto entries = [](const std::vector<Entry>& list, bool outputs) {
        ordered_json out = ordered_json::array();
        for (const Entry& e : list) {
            ordered_json j;
            j["path"] = e.path;
            // An input's hash is of the bytes the run read (InputHashes), an output's of its
            // finished file.
            const std::string sha = outputs ? (e.written.empty() ? "" : sha256_of_file(e.written)) : e.written;
            j["sha256"] = sha.empty() ? ordered_json(nullptr) : ordered_json(sha);
            j["rows"] = e.rows ? ordered_json(*e.rows) : ordered_json(nullptr);
            out.push_back(std::move(j));
        }
        return out;
    };
    ordered_json m;
    m["version"] = std::string(arrears::version);
    m["arguments"] = arguments_;
    m["inputs"] = entries(inputs_, false);
    m["outputs"] = entries(outputs_, true);
    ordered_json statuses;
    for (std::size_t i = 0; i < all_statuses.size(); ++i)
        statuses[std::string(to_string(all_statuses[i]))] = by_status_[i];
    m["statuses"] = statuses;
    m["arrears"] = arrears_.to_string();
    m["scheduled"] = scheduled_.to_string();
    ordered_json reported = ordered_json::array();
    for (const io::ReportedRow& r : reported_) {
        ordered_json j;
        j["file"] = r.file;
        j["line"] = r.line;
        j["account_id"] = r.account_id.empty() ? ordered_json(nullptr) : ordered_json(r.account_id);
        j["problem"] = r.problem;
        reported.push_back(std::move(j));
    }
    m["reported"] = std::move(reported);
    return m.dump(2) + "\n";
}

void ManifestOutput::finish(const RunRecord& run) {
    Manifest manifest({run.arguments.begin(), run.arguments.end()});
    for (const InputRead& in : run.inputs) manifest.input(in.path, in.sha256, in.rows);
    outputs_.describe(manifest, run);
    manifest.results(run.stats.by_status(), run.stats.total_arrears(), run.stats.scheduled());
    manifest.reported(run.skipped);
    const std::string text = manifest.json();
    if (std::fwrite(text.data(), 1, text.size(), file_.file()) != text.size())
        throw UsageError(fmt::format("--manifest '{}': cannot write", file_.path()));
    file_.finish();
}

}  // namespace arrears::cli
