// cxx.cpp - C++17 workload: std::vector, std::map, std::string, std::sort,
// virtual dispatch over a class hierarchy, unique_ptr, lambdas, and a
// thrown-and-caught exception (exercises the unwinder).
//
// usage: cxx [N]
// Builds N shapes through a factory, sorts them by area, aggregates per
// kind in a std::map, builds and sorts N strings, counts words, and prints
// checksums.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr long kDefaultN = 20000;

struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed) {}
    uint64_t next() {
        s ^= s << 7;
        s ^= s >> 9;
        return s;
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
};

class Shape {
public:
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual double perimeter() const = 0;
    virtual std::string kind() const = 0;
    virtual int sides() const { return 0; }
};

class Circle : public Shape {
    double r_;
public:
    explicit Circle(double r) : r_(r) {}
    double area() const override { return M_PI * r_ * r_; }
    double perimeter() const override { return 2 * M_PI * r_; }
    std::string kind() const override { return "circle"; }
};

class Rect : public Shape {
protected:
    double w_, h_;
public:
    Rect(double w, double h) : w_(w), h_(h) {}
    double area() const override { return w_ * h_; }
    double perimeter() const override { return 2 * (w_ + h_); }
    std::string kind() const override { return "rect"; }
    int sides() const override { return 4; }
};

class Square final : public Rect {
public:
    explicit Square(double s) : Rect(s, s) {}
    std::string kind() const override { return "square"; }
};

class Triangle : public Shape {
    double a_, b_, c_;
public:
    Triangle(double a, double b, double c) : a_(a), b_(b), c_(c) {
        if (a + b <= c || a + c <= b || b + c <= a)
            throw std::invalid_argument("not a triangle: " + std::to_string(a) +
                                        ", " + std::to_string(b) + ", " +
                                        std::to_string(c));
    }
    double area() const override {
        double s = (a_ + b_ + c_) / 2;
        double q = s * (s - a_) * (s - b_) * (s - c_);
        return q > 0 ? std::sqrt(q) : 0.0; // guard against rounding
    }
    double perimeter() const override { return a_ + b_ + c_; }
    std::string kind() const override { return "triangle"; }
    int sides() const override { return 3; }
};

std::unique_ptr<Shape> make_shape(Rng &rng) {
    double x = 1 + rng.below(100) / 10.0;
    double y = 1 + rng.below(100) / 10.0;
    switch (rng.below(4)) {
    case 0: return std::make_unique<Circle>(x);
    case 1: return std::make_unique<Rect>(x, y);
    case 2: return std::make_unique<Square>(x);
    default: {
        // sometimes invalid: the constructor throws and we fall back
        double z = 1 + rng.below(200) / 10.0;
        try {
            return std::make_unique<Triangle>(x, y, z);
        } catch (const std::invalid_argument &) {
            return std::make_unique<Square>(z);
        }
    }
    }
}

uint64_t fnv(const std::string &s, uint64_t h) {
    for (unsigned char c : s)
        h = (h ^ c) * 0x100000001B3ULL;
    return h;
}

struct Stats {
    long count = 0;
    double area = 0;
    int sides = 0;
};

} // namespace

int main(int argc, char **argv) {
    long n = argc > 1 ? std::strtol(argv[1], nullptr, 10) : kDefaultN;
    if (n < 10)
        n = 10;

    // 1. one explicitly reported exception
    try {
        Triangle bad(1, 2, 10);
        std::cout << "unexpected: no exception\n";
    } catch (const std::exception &e) {
        std::cout << "caught: " << e.what() << "\n";
    }

    // 2. shapes: virtual dispatch, sort, map aggregation
    Rng rng(0x1234567887654321ULL);
    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.reserve(static_cast<size_t>(n));
    for (long i = 0; i < n; i++)
        shapes.push_back(make_shape(rng));
    std::sort(shapes.begin(), shapes.end(), [](const auto &a, const auto &b) {
        if (a->area() != b->area())
            return a->area() < b->area();
        return a->kind() < b->kind();
    });
    std::map<std::string, Stats> by_kind;
    double total_perimeter = 0;
    for (const auto &s : shapes) {
        Stats &st = by_kind[s->kind()];
        st.count++;
        st.area += s->area();
        st.sides = s->sides();
        total_perimeter += s->perimeter();
    }
    std::cout << "shapes: " << shapes.size() << "\n";
    char line[160];
    for (const auto &kv : by_kind) {
        std::snprintf(line, sizeof line, "  %-8s count %6ld sides %d mean area %.4f\n",
                      kv.first.c_str(), kv.second.count, kv.second.sides,
                      kv.second.area / static_cast<double>(kv.second.count));
        std::cout << line;
    }
    std::snprintf(line, sizeof line,
                  "smallest %s %.4f, largest %s %.4f, total perimeter %.3f\n",
                  shapes.front()->kind().c_str(), shapes.front()->area(),
                  shapes.back()->kind().c_str(), shapes.back()->area(),
                  total_perimeter);
    std::cout << line;

    // 3. strings: build, sort, unique, word frequency via map
    static const char *const parts[] = {"alpha", "beta", "gamma", "delta",
                                        "eps",   "zeta", "eta",   "theta"};
    std::vector<std::string> words;
    words.reserve(static_cast<size_t>(n));
    for (long i = 0; i < n; i++) {
        std::string w = parts[rng.below(8)];
        w += '-';
        w += parts[rng.below(8)];
        if (rng.below(3) == 0)
            w += std::to_string(rng.below(50));
        words.push_back(std::move(w));
    }
    std::map<std::string, int> freq;
    for (const auto &w : words)
        ++freq[w];
    std::vector<std::string> sorted = words;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    auto top = std::max_element(freq.begin(), freq.end(), [](const auto &a, const auto &b) {
        return a.second < b.second || (a.second == b.second && a.first > b.first);
    });
    std::cout << "words: " << words.size() << ", distinct " << sorted.size()
              << ", map size " << freq.size() << "\n";
    std::cout << "first " << sorted.front() << ", last " << sorted.back()
              << ", most common " << top->first << " x" << top->second << "\n";

    uint64_t h = 0xCBF29CE484222325ULL;
    for (const auto &w : sorted)
        h = fnv(w, h);
    for (const auto &kv : freq)
        h = (h ^ static_cast<uint64_t>(kv.second)) * 0x100000001B3ULL;

    // 4. numeric algorithms on a vector<long>
    std::vector<long> v(static_cast<size_t>(n));
    std::iota(v.begin(), v.end(), 1);
    long long sum_sq = std::accumulate(v.begin(), v.end(), 0LL,
                                       [](long long acc, long x) { return acc + x * x % 1000; });
    std::reverse(v.begin(), v.end());
    std::stable_sort(v.begin(), v.end(), [](long a, long b) { return a % 97 < b % 97; });
    std::ostringstream os;
    os << "sum of squares mod 1000: " << sum_sq << ", v[0..3] = " << v[0] << ' '
       << v[1] << ' ' << v[2] << ' ' << v[3];
    std::cout << os.str() << "\n";
    for (long x : v)
        h = (h ^ static_cast<uint64_t>(x)) * 0x100000001B3ULL;

    std::snprintf(line, sizeof line, "checksum: %016llx\n", static_cast<unsigned long long>(h));
    std::cout << line;
    return 0;
}
