# shellcheck shell=bash
# Shared shell functions for scripts/run, scripts/test and the integration tests.
#
# Source it from bash:  . "$(dirname "$0")/common.sh"
# Nothing here runs on its own; every function is prefixed np_.
#
# Layout of a PostgreSQL instance ("PGBASE"), as made by np_pg_init:
#   PGBASE/data          the cluster (owner postgres, mode 700)
#   PGBASE/sock          the private unix socket directory (owner postgres, mode 755)
#   PGBASE/postgres.log  the server log
# Layout of an httpd instance ("HTTPDBASE"), as made by np_httpd_write_conf:
#   HTTPDBASE/httpd.conf, HTTPDBASE/httpd.pid, HTTPDBASE/logs/{error_log,access_log}, HTTPDBASE/htdocs

NP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
NP_PYTHON=/usr/bin/python3
NP_APACHE=/usr/sbin/apache2
NP_APACHE_MODULES=/usr/lib/apache2/modules

# Debian packages the build, the servers and the tests need.
NP_PACKAGES=(
    apache2 apache2-dev libapr1-dev libaprutil1-dev libxml2-dev libpq-dev libssl-dev
    check libsubunit-dev libcurl4-openssl-dev autoconf automake libtool pkg-config
    postgresql postgresql-contrib pgtap wrk curl openssl python3-pytest python3-psycopg2 tzdata
    dnsmasq-base isc-dhcp-server kea-dhcp4-server man-db
    clang libclang-rt-14-dev llvm
)

np_log() { printf '[nethprov] %s\n' "$*" >&2; }
np_warn() { printf '[nethprov] warning: %s\n' "$*" >&2; }
np_die() {
    printf '[nethprov] error: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------------------------------
# Packages

# Print the packages of NP_PACKAGES (or of the arguments) that are not installed, one a line.
np_missing_packages() {
    local p st
    (($#)) || set -- "${NP_PACKAGES[@]}"
    for p in "$@"; do
        st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [ "$st" = installed ] || printf '%s\n' "$p"
    done
}

# The DHCP servers are installed for their configuration checkers (tests of nethprov dhcp) only: those just
# installed are kept from starting at boot, since a stray DHCP server breaks a network. One installed before
# is left as its administrator set it.
np_dhcp_services_off() {
    local p
    for p in "$@"; do
        case $p in isc-dhcp-server | kea-dhcp4-server) ;; *) continue ;; esac
        if command -v systemctl >/dev/null; then systemctl disable "$p" >/dev/null 2>&1 || true; fi
        if [ -e "/etc/init.d/$p" ] && command -v update-rc.d >/dev/null; then
            update-rc.d "$p" disable >/dev/null 2>&1 || true
        fi
    done
}

# Install whatever is missing, non-interactively; apt-get update only when something must be installed.
np_ensure_packages() {
    local missing policy=/usr/sbin/policy-rc.d made_policy="" rc=0
    mapfile -t missing < <(np_missing_packages "$@")
    ((${#missing[@]})) || return 0
    [ "$(id -u)" -eq 0 ] || np_die "missing Debian packages (run as root to install them): ${missing[*]}"
    np_log "installing missing packages: ${missing[*]}"
    # Keep the packages' maintainer scripts from starting system services (apache2 on port 80, the default
    # PostgreSQL cluster): we run private instances only.
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
    fi
    if DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" </dev/null; then
        rc=0
    else
        rc=$?
    fi
    [ -z "$made_policy" ] || rm -f "$policy"
    ((rc == 0)) || np_die "apt-get install failed (exit $rc)"
    np_dhcp_services_off "${missing[@]}"
    mapfile -t missing < <(np_missing_packages "$@")
    ((${#missing[@]} == 0)) || np_die "still missing after install: ${missing[*]}"
}

# ---------------------------------------------------------------------------------------------------------------
# Build

# autoreconf/configure only when needed, then make. Runs in the repo top.
np_build() {
    (
        cd "$NP_TOP" || exit 1
        [ -f configure.ac ] || np_die "configure.ac is missing: nothing to build"
        if [ ! -x configure ] || [ ! -f Makefile.in ] || [ configure.ac -nt configure ]; then
            np_log "autoreconf -fi"
            autoreconf -fi || np_die "autoreconf failed"
        fi
        if [ ! -f Makefile ] || [ ! -f config.status ] || [ configure -nt config.status ]; then
            np_log "./configure"
            ./configure -q || np_die "configure failed (see config.log)"
        fi
        np_log "make -j2"
        make -j2 || np_die "make failed"
        [ -f mod_nethprov/.libs/mod_nethprov.so ] || np_die "build did not produce mod_nethprov/.libs/mod_nethprov.so"
        [ -x mod_nethprov/nethprov ] || np_die "build did not produce mod_nethprov/nethprov"
    )
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL

np_pg_bindir() {
    local d
    d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then np_die "PostgreSQL server binaries not found under /usr/lib/postgresql"; fi
    printf '%s\n' "$d"
}

# 0 when user $1 can reach (traverse) directory $2.
np_user_can_reach() {
    runuser -u "$1" -- test -x "$2" 2>/dev/null
}

# Point libpq (psql, the CLI, pg_prove) at the instance in PGBASE.
np_pg_env() {
    local base=$1
    unset PGPORT PGHOSTADDR PGSERVICE PGSERVICEFILE PGOPTIONS PGPASSWORD PGPASSFILE PGSSLMODE PGTARGETSESSIONATTRS
    export PGHOST="$base/sock" PGDATABASE=nethprov PGUSER=nethprov
}

# np_pg_init PGBASE [fast]: create a new cluster (superuser nethprov, trust, no TCP). "fast" turns off
# durability (for throw-away test clusters).
np_pg_init() {
    local base=$1 mode=${2:-} bindir
    bindir=$(np_pg_bindir)
    [ ! -e "$base/data/PG_VERSION" ] || np_die "a cluster already exists in $base/data"
    # unix socket paths are limited to 107 bytes
    ((${#base} + 20 < 100)) || np_die "path too long for a unix socket: $base/sock"
    mkdir -p "$base/data" "$base/sock"
    chmod 755 "$base"
    chown postgres:postgres "$base/data" "$base/sock"
    chmod 700 "$base/data"
    chmod 755 "$base/sock"
    : >"$base/postgres.log"
    chown postgres:postgres "$base/postgres.log"
    np_user_can_reach postgres "$base/data" || np_die "user postgres cannot reach $base"
    runuser -u postgres -- "$bindir/initdb" -D "$base/data" -U nethprov --auth=trust -E UTF8 --no-locale \
        >"$base/initdb.log" 2>&1 || {
        cat "$base/initdb.log" >&2
        np_die "initdb failed"
    }
    {
        printf '\n# nethprov private instance\n'
        printf "listen_addresses = ''\n"
        printf "unix_socket_directories = '%s'\n" "$base/sock"
        printf 'unix_socket_permissions = 0777\n'
        printf 'max_connections = 200\n'
        printf "log_min_messages = warning\n"
        if [ "$mode" = fast ]; then
            printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n'
        fi
    } >>"$base/data/postgresql.conf"
}

# 0 when the cluster in PGBASE is running.
np_pg_running() {
    local base=$1 bindir
    bindir=$(np_pg_bindir)
    [ -f "$base/data/postmaster.pid" ] || return 1
    runuser -u postgres -- "$bindir/pg_ctl" -D "$base/data" status >/dev/null 2>&1
}

# np_pg_start PGBASE: start (waiting until it accepts connections) and make sure database nethprov exists.
np_pg_start() {
    local base=$1 bindir
    bindir=$(np_pg_bindir)
    if ! np_pg_running "$base"; then
        runuser -u postgres -- "$bindir/pg_ctl" -D "$base/data" -l "$base/postgres.log" -w -t 60 -s start || {
            tail -n 30 "$base/postgres.log" >&2
            np_die "PostgreSQL did not start (log: $base/postgres.log)"
        }
    fi
    if [ -z "$(psql -h "$base/sock" -U nethprov -d postgres -XtAqc \
        "SELECT 1 FROM pg_database WHERE datname = 'nethprov'")" ]; then
        psql -h "$base/sock" -U nethprov -d postgres -XqAc 'CREATE DATABASE nethprov' ||
            np_die "could not create database nethprov"
    fi
}

# np_pg_stop PGBASE: fast shutdown; no-op when not running.
np_pg_stop() {
    local base=$1 bindir
    bindir=$(np_pg_bindir)
    [ -f "$base/data/postmaster.pid" ] || return 0
    runuser -u postgres -- "$bindir/pg_ctl" -D "$base/data" -m fast -w -t 60 -s stop 2>/dev/null || {
        np_pg_running "$base" || return 0
        np_warn "pg_ctl stop failed for $base/data"
        return 1
    }
}

# np_db_upgrade PGBASE: apply the migrations.
np_db_upgrade() {
    local base=$1
    [ -x "$NP_TOP/scripts/db-upgrade" ] || np_die "scripts/db-upgrade is missing"
    (np_pg_env "$base" && "$NP_TOP/scripts/db-upgrade" "$NP_TOP/sql") || np_die "scripts/db-upgrade failed"
}

# np_db_sync PGBASE: load brands and models from templates/ with the CLI.
np_db_sync() {
    local base=$1
    (np_pg_env "$base" && NETHPROV_TEMPLATES="$NP_TOP/templates" "$NP_TOP/mod_nethprov/nethprov" sync) ||
        np_die "nethprov sync failed"
}

# np_db_demo PGBASE: load the demo data: sql/demo.sql, then every sql/demo/*.sql (one a brand) in name order.
np_db_demo() {
    local base=$1 f
    [ -f "$NP_TOP/sql/demo.sql" ] || np_die "sql/demo.sql is missing"
    for f in "$NP_TOP/sql/demo.sql" "$NP_TOP"/sql/demo/*.sql; do
        [ -f "$f" ] || continue
        (np_pg_env "$base" && psql -XqAt -v ON_ERROR_STOP=1 -f "$f" >/dev/null) ||
            np_die "loading ${f#"$NP_TOP"/} failed"
    done
}

# np_db_web_role PGBASE: the role httpd connects as. It may only use the schema: provision_lookup is
# SECURITY DEFINER, so the web server never reads the tables that hold SIP passwords.
np_db_web_role() {
    local base=$1
    (np_pg_env "$base" && psql -XqAt -v ON_ERROR_STOP=1 >/dev/null) <<'SQL' || np_die "creating role nethprov_web failed"
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nethprov_web') THEN
        CREATE ROLE nethprov_web LOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA nethprov TO nethprov_web;
SQL
}

# np_db_setup PGBASE [demo]: migrations, sync, the web server's role, and the demo data when asked.
np_db_setup() {
    np_db_upgrade "$1"
    np_db_sync "$1"
    np_db_web_role "$1"
    [ "${2:-}" != demo ] || np_db_demo "$1"
}

# ---------------------------------------------------------------------------------------------------------------
# TLS

# np_tls_cert DIR: a self-signed certificate for 127.0.0.1/localhost/::1 (kept when already there).
np_tls_cert() {
    local dir=$1
    [ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ] && return 0
    mkdir -p "$dir"
    chmod 700 "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1,IP:::1" \
        -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" \
        -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || np_die "openssl could not make a certificate"
    chmod 600 "$dir/key.pem"
}

# ---------------------------------------------------------------------------------------------------------------
# httpd

# "host:port" for a Listen directive or a URL; IPv6 literals get brackets.
np_hostport() {
    case $1 in
    *:*) printf '[%s]:%s' "$1" "$2" ;;
    *) printf '%s:%s' "$1" "$2" ;;
    esac
}

# np_httpd_write_conf HTTPDBASE PGHOST
# Settings from the environment:
#   NP_BIND (127.0.0.1), NP_HTTP_PORT (8080), NP_HTTPS_PORT (empty: no HTTPS), NP_TLS_DIR (for HTTPS),
#   NP_BASE_URL (http://BIND:PORT/provisioning), NP_HTTPS_BASE_URL (https://BIND:HTTPS_PORT/provisioning),
#   NP_TEMPLATES_DIR (<repo>/templates), NP_MODULE_SO (<repo>/mod_nethprov/.libs/mod_nethprov.so),
#   NP_LOGLEVEL (warn), NP_BOOTSTRAP (empty: no NethprovBootstrap line; else its value, On or Off),
#   NP_EXTRA_CONF (lines appended at the end), NP_SERVER_LIMIT (2: most child processes, 16 threads each),
#   NP_DOCROOT (HTTPDBASE/htdocs; www-data must be able to reach it, or every request is refused).
np_httpd_write_conf() {
    local base=$1 pghost=$2
    local bind=${NP_BIND:-127.0.0.1} port=${NP_HTTP_PORT:-8080} sport=${NP_HTTPS_PORT:-}
    local hp shp base_url sbase_url templates so user
    hp=$(np_hostport "$bind" "$port")
    base_url=${NP_BASE_URL:-http://$hp/provisioning}
    templates=${NP_TEMPLATES_DIR:-$NP_TOP/templates}
    so=${NP_MODULE_SO:-$NP_TOP/mod_nethprov/.libs/mod_nethprov.so}
    local docroot=${NP_DOCROOT:-$base/htdocs}
    mkdir -p "$base/logs" "$docroot"
    {
        cat <<EOF
# Generated by scripts/common.sh (np_httpd_write_conf); do not edit.
ServerRoot "$base"
DefaultRuntimeDir "$base"
PidFile "$base/httpd.pid"
ServerName localhost
ServerTokens Prod
ServerSignature Off
# TRACE would echo the request line, a phone's token with it.
TraceEnable Off
Timeout 15
KeepAlive On
KeepAliveTimeout 5
ErrorLog "$base/logs/error_log"
LogLevel ${NP_LOGLEVEL:-warn}
Listen $hp

<IfModule !mpm_event_module>
    LoadModule mpm_event_module $NP_APACHE_MODULES/mod_mpm_event.so
</IfModule>
<IfModule !authz_core_module>
    LoadModule authz_core_module $NP_APACHE_MODULES/mod_authz_core.so
</IfModule>
<IfModule !authz_host_module>
    LoadModule authz_host_module $NP_APACHE_MODULES/mod_authz_host.so
</IfModule>
<IfModule !unixd_module>
    LoadModule unixd_module $NP_APACHE_MODULES/mod_unixd.so
</IfModule>
<IfModule !log_config_module>
    LoadModule log_config_module $NP_APACHE_MODULES/mod_log_config.so
</IfModule>
<IfModule !mime_module>
    LoadModule mime_module $NP_APACHE_MODULES/mod_mime.so
</IfModule>
<IfModule !ssl_module>
    LoadModule ssl_module $NP_APACHE_MODULES/mod_ssl.so
</IfModule>
<IfModule !socache_shmcb_module>
    LoadModule socache_shmcb_module $NP_APACHE_MODULES/mod_socache_shmcb.so
</IfModule>
<IfModule !headers_module>
    LoadModule headers_module $NP_APACHE_MODULES/mod_headers.so
</IfModule>
LoadModule nethprov_module "$so"

StartServers 1
ServerLimit ${NP_SERVER_LIMIT:-2}
ThreadsPerChild 16
MaxRequestWorkers $((16 * ${NP_SERVER_LIMIT:-2}))
MinSpareThreads 8
MaxSpareThreads 32

TypesConfig /etc/mime.types
# The request line holds a phone's secret token: log mod_nethprov's masked path instead of %r.
LogFormat "%h %l %u %t \"%m %{nethprov-uri}n %H\" %>s %b \"%{User-Agent}i\"" nethprov
CustomLog "$base/logs/access_log" nethprov
DocumentRoot "$docroot"
<Directory />
    AllowOverride None
    Require all denied
</Directory>

EOF
        if [ "$(id -u)" -eq 0 ]; then
            user=${NP_HTTPD_USER:-www-data}
            printf 'User %s\nGroup %s\n\n' "$user" "$(id -gn "$user")"
        fi
        cat <<EOF
NethprovDatabase "host=$pghost dbname=nethprov user=nethprov_web connect_timeout=2"
NethprovTemplates "$templates"
NethprovBaseURL $base_url
${NP_BOOTSTRAP:+NethprovBootstrap $NP_BOOTSTRAP}
<Location /provisioning>
    SetHandler nethprov
    Require all granted
</Location>
EOF
        if [ -n "$sport" ]; then
            shp=$(np_hostport "$bind" "$sport")
            sbase_url=${NP_HTTPS_BASE_URL:-https://$shp/provisioning}
            cat <<EOF

Listen $shp https
SSLSessionCache "shmcb:$base/ssl_scache(512000)"
SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1
<VirtualHost $shp>
    ServerName localhost
    SSLEngine on
    SSLCertificateFile "$NP_TLS_DIR/cert.pem"
    SSLCertificateKeyFile "$NP_TLS_DIR/key.pem"
    NethprovBaseURL $sbase_url
</VirtualHost>
EOF
        fi
        [ -z "${NP_EXTRA_CONF:-}" ] || printf '\n%s\n' "$NP_EXTRA_CONF"
    } >"$base/httpd.conf"
}

# np_httpd_check HTTPDBASE: apache2 -t; prints its output on failure.
np_httpd_check() {
    local out
    if ! out=$("$NP_APACHE" -f "$1/httpd.conf" -t 2>&1); then
        printf '%s\n' "$out" >&2
        return 1
    fi
}

# The pid of the instance's parent process, if it is running.
np_httpd_pid() {
    local pid
    [ -s "$1/httpd.pid" ] || return 1
    pid=$(cat "$1/httpd.pid")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

# np_httpd_start HTTPDBASE HOST PORT: start and wait until the port accepts connections.
np_httpd_start() {
    local base=$1 host=$2 port=$3 i
    np_httpd_check "$base" || np_die "httpd configuration check failed ($base/httpd.conf)"
    "$NP_APACHE" -f "$base/httpd.conf" -k start || np_die "httpd did not start (see $base/logs/error_log)"
    for ((i = 0; i < 100; i++)); do
        if np_httpd_pid "$base" >/dev/null && np_port_open "$host" "$port"; then
            return 0
        fi
        sleep 0.1
    done
    tail -n 20 "$base/logs/error_log" >&2 2>/dev/null || true
    np_die "httpd is not answering on $(np_hostport "$host" "$port")"
}

# np_httpd_stop HTTPDBASE: graceful-less stop; waits for the parent to exit.
np_httpd_stop() {
    local base=$1 pid i
    pid=$(np_httpd_pid "$base") || return 0
    "$NP_APACHE" -f "$base/httpd.conf" -k stop 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    np_warn "httpd ($pid) did not stop in 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

# 0 when something accepts TCP connections on HOST PORT.
np_port_open() {
    "$NP_PYTHON" - "$1" "$2" <<'EOF' 2>/dev/null
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=0.5).close()
except OSError:
    sys.exit(1)
EOF
}
