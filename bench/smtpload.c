/*
 * smtpload: the benchmarks' closed-loop SMTP load client, in C.
 *
 * Why it exists: on a 2-core machine the load client shares the cores with the relay under test.
 * Our Python client (bench/load.py) costs 0.13-0.22 ms of CPU a message, which a two-process relay
 * has to give up. This client sends the same messages, each with its own envelope, in the same way
 * (``sessions`` persistent connections, each sending its next message as soon as the previous one
 * is answered, one command at a time: no PIPELINING) for 0.05-0.09 ms (docs/performance.md,
 * "Stop 23"). bench/load.py stays the reference and is used wherever this program cannot be built.
 *
 * Usage: smtpload HOST PORT SESSIONS WARMUP_S DURATION_S FILE
 *   FILE holds the transactions, each as: a line "T <n_rcpt> <data_len>\n", the MAIL FROM command
 *   line (CRLF-terminated), n_rcpt RCPT TO command lines, then data_len bytes of message data,
 *   already dot-stuffed and ending in CRLF.CRLF (bench.load.Encoded.data).
 * Output (stdout, one JSON object): sent, failed, warmup, elapsed (s), codes (reply to the final
 * "." by code), latencies (ms, the final "." to its reply, measured messages only).
 * Exit status 2 with a message on stderr when the server misbehaves or cannot be reached.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    const char *mail_from; size_t mail_from_len;
    const char **rcpt; size_t *rcpt_len; int n_rcpt;
    const char *data; size_t data_len;
} Txn;

enum State { GREETING, EHLO, MAIL, RCPT, DATA, DOT, QUIT };

typedef struct {
    int fd;
    enum State state;
    int rcpt_i;
    const Txn *txn;
    const char *out; size_t out_len, out_off;   /* what is left to write */
    char in[8192]; size_t in_len;
    double dot_at, started_at;
    int measured;
    int done;
} Session;

static Txn *txns; static int n_txns; static unsigned long next_txn;
static double last_answer;     /* when the last measured session got its final reply (before QUIT) */
static long sent, failed, warm; static long codes[1000];
static double *lat; static size_t n_lat, cap_lat;

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...) {
    va_list ap; va_start(ap, fmt);
    fprintf(stderr, "smtpload: "); vfprintf(stderr, fmt, ap); fputc('\n', stderr);
    va_end(ap); exit(2);
}

static void *grow(void *p, size_t size) {
    void *q = realloc(p, size);
    if (!q) die("out of memory (%zu bytes)", size);
    return q;
}

static double now(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void load(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open %s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
    if (size < 0) die("cannot read %s", path);
    char *buf = grow(NULL, size + 1);
    if (fread(buf, 1, size, f) != (size_t)size) die("cannot read %s", path);
    fclose(f); buf[size] = 0;
    int cap = 64; txns = grow(NULL, cap * sizeof *txns);
    char *p = buf, *end = buf + size;
    while (p < end) {
        /* strtol, not sscanf: glibc's sscanf measures the whole rest of the buffer on every call. */
        char *q = p;
        long n_rcpt = -1, data_len = -1;
        if (end - p > 2 && p[0] == 'T' && p[1] == ' ') {
            n_rcpt = strtol(p + 2, &q, 10);
            if (*q == ' ') data_len = strtol(q + 1, &q, 10);
        }
        if (n_rcpt < 1 || data_len < 0 || *q != '\n')
            die("%s: bad transaction header at byte %ld", path, (long)(p - buf));
        p = q + 1;
        if (n_txns == cap) txns = grow(txns, (cap *= 2) * sizeof *txns);
        Txn *t = &txns[n_txns++];
        char *eol = memmem(p, end - p, "\r\n", 2);
        if (!eol) die("%s: MAIL FROM line not terminated", path);
        t->mail_from = p; t->mail_from_len = eol + 2 - p; p = eol + 2;
        t->n_rcpt = n_rcpt; t->rcpt = grow(NULL, n_rcpt * sizeof *t->rcpt); t->rcpt_len = grow(NULL, n_rcpt * sizeof(size_t));
        for (int i = 0; i < n_rcpt; i++) {
            eol = memmem(p, end - p, "\r\n", 2);
            if (!eol) die("%s: RCPT TO line not terminated", path);
            t->rcpt[i] = p; t->rcpt_len[i] = eol + 2 - p; p = eol + 2;
        }
        if (end - p < data_len) die("%s: message data cut short", path);
        t->data = p; t->data_len = data_len; p += data_len;
        if (data_len < 5 || memcmp(t->data + data_len - 5, "\r\n.\r\n", 5) != 0)
            die("%s: message data of transaction %d does not end with CRLF.CRLF", path, n_txns);
    }
    if (n_txns == 0) die("%s: no transactions", path);
}

/* Write what is queued, as far as the socket takes it now; poll() waits for room only when it is full. */
static void flush(Session *s) {
    while (s->out_off < s->out_len) {
        ssize_t w = send(s->fd, s->out + s->out_off, s->out_len - s->out_off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            die("send: %s", strerror(errno));
        }
        s->out_off += w;
    }
    if (s->state == DOT) s->dot_at = now();
}

static void queue(Session *s, const char *out, size_t len) {
    s->out = out; s->out_len = len; s->out_off = 0;
    flush(s);
}

static void start_txn(Session *s, double t, double measure_from) {
    s->txn = &txns[next_txn++ % n_txns];
    s->measured = t >= measure_from;
    s->state = MAIL;
    queue(s, s->txn->mail_from, s->txn->mail_from_len);
}

/* A complete reply in the buffer (the last line has a space, not "-", after the code): its code, or -1. */
static int take_reply(Session *s) {
    size_t start = 0;
    for (size_t i = 0; i < s->in_len; i++) {
        if (s->in[i] != '\n') continue;
        if (i - start < 4 || s->in[start + 3] != '-') {      /* "250 ok", "250\r\n" or a short line: final */
            int code = atoi((char[]){s->in[start], s->in[start + 1], s->in[start + 2], 0});
            memmove(s->in, s->in + i + 1, s->in_len - i - 1);
            s->in_len -= i + 1;
            return code;
        }
        start = i + 1;
    }
    if (s->in_len == sizeof s->in) die("reply longer than %zu bytes", sizeof s->in);
    return -1;
}

static void on_reply(Session *s, int code, double t, double measure_from, double stop_at) {
    switch (s->state) {
    case GREETING:
        if (code != 220) die("greeting %d", code);
        s->state = EHLO; queue(s, "EHLO bench.example\r\n", 20); return;
    case EHLO:
        if (code != 250) die("EHLO answered %d", code);
        start_txn(s, t, measure_from); return;
    case MAIL:
        if (code / 100 != 2) die("MAIL FROM answered %d", code);
        s->state = RCPT; s->rcpt_i = 0; queue(s, s->txn->rcpt[0], s->txn->rcpt_len[0]); return;
    case RCPT:
        if (++s->rcpt_i < s->txn->n_rcpt) { queue(s, s->txn->rcpt[s->rcpt_i], s->txn->rcpt_len[s->rcpt_i]); return; }
        s->state = DATA; queue(s, "DATA\r\n", 6); return;
    case DATA:
        if (code != 354) die("DATA answered %d", code);
        s->state = DOT; queue(s, s->txn->data, s->txn->data_len); return;
    case DOT:
        if (s->measured) {
            if (code >= 0 && code < 1000) codes[code]++;
            if (code / 100 == 2 || code / 100 == 5) sent++; else failed++;
            if (n_lat == cap_lat) lat = grow(lat, (cap_lat = cap_lat ? cap_lat * 2 : 4096) * sizeof *lat);
            lat[n_lat++] = (t - s->dot_at) * 1000;
        } else {
            warm++;
        }
        if (t >= stop_at) {
            if (t > last_answer) last_answer = t;
            s->state = QUIT; queue(s, "QUIT\r\n", 6); return;
        }
        start_txn(s, t, measure_from); return;
    case QUIT:
        s->done = 1; return;
    }
}

int main(int argc, char **argv) {
    if (argc != 7) die("usage: smtpload HOST PORT SESSIONS WARMUP_S DURATION_S FILE");
    int n = atoi(argv[3]);
    double warmup = atof(argv[4]), duration = atof(argv[5]);
    if (n < 1 || n > 1000) die("SESSIONS must be 1..1000");
    load(argv[6]);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) die("HOST must be an IPv4 address");
    Session *ss = calloc(n, sizeof *ss);
    struct pollfd *pfd = calloc(n, sizeof *pfd);
    for (int i = 0; i < n; i++) {
        ss[i].fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(ss[i].fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect: %s", strerror(errno));
        int one = 1; setsockopt(ss[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ss[i].state = GREETING;
    }
    double t0 = now(), measure_from = t0 + warmup, stop_at = measure_from + duration;
    int live = n;
    while (live > 0) {
        for (int i = 0; i < n; i++) {
            pfd[i].fd = ss[i].done ? -1 : ss[i].fd;
            pfd[i].events = ss[i].out_off < ss[i].out_len ? POLLOUT : POLLIN;
        }
        if (poll(pfd, n, 60000) <= 0) die("no progress for 60 s");
        for (int i = 0; i < n; i++) {
            Session *s = &ss[i];
            if (s->done || !pfd[i].revents) continue;
            if (pfd[i].revents & POLLOUT) { flush(s); continue; }
            ssize_t r = recv(s->fd, s->in + s->in_len, sizeof s->in - s->in_len, MSG_DONTWAIT);
            if (r == 0) {
                if (s->state != QUIT) die("server closed the connection");
                s->done = 1; live--; close(s->fd); continue;
            }
            if (r < 0) { if (errno == EAGAIN) continue; die("recv: %s", strerror(errno)); }
            s->in_len += r;
            int code;
            double t = now();
            while (!s->done && (code = take_reply(s)) >= 0) on_reply(s, code, t, measure_from, stop_at);
            if (s->done) { live--; close(s->fd); }
        }
    }
    double elapsed = last_answer - measure_from;     /* as bench.load: the QUIT round trips not counted */
    printf("{\"sent\": %ld, \"failed\": %ld, \"warmup\": %ld, \"elapsed\": %.6f, \"codes\": {", sent, failed, warm, elapsed);
    const char *sep = "";
    for (int c = 0; c < 1000; c++) if (codes[c]) { printf("%s\"%d\": %ld", sep, c, codes[c]); sep = ", "; }
    printf("}, \"latencies\": [");
    for (size_t i = 0; i < n_lat; i++) printf(i ? ", %.4f" : "%.4f", lat[i]);
    printf("]}\n");
    return 0;
}
