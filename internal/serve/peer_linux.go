package serve

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// peerUID returns the user id of the process at the other end of r's
// loopback TCP connection, from the kernel's socket table (/proc/net/tcp
// and tcp6: the client's socket is the one whose local address is r's
// remote address and whose remote address is the preview's). ok is false
// when it cannot be told.
func peerUID(r *http.Request) (uid int, ok bool) {
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	server, err1 := net.ResolveTCPAddr("tcp", addrString(local))
	client, err2 := net.ResolveTCPAddr("tcp", r.RemoteAddr)
	if local == nil || err1 != nil || err2 != nil {
		return 0, false
	}
	for _, table := range []struct {
		file string
		v6   bool
	}{{"/proc/net/tcp", false}, {"/proc/net/tcp6", true}} {
		cl, sv := procAddr(client.IP, client.Port, table.v6), procAddr(server.IP, server.Port, table.v6)
		if cl == "" || sv == "" {
			continue
		}
		f, err := os.Open(table.file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) > 7 && fields[1] == cl && fields[2] == sv {
				if n, err := strconv.Atoi(fields[7]); err == nil {
					f.Close()
					return n, true
				}
			}
		}
		f.Close()
	}
	return 0, false
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// procAddr writes ip:port as /proc/net/tcp (v6: tcp6) does: the address
// in 32-bit words of the host's byte order (little-endian on the
// machines Linux runs sitegen on), the port in hex.
func procAddr(ip net.IP, port int, v6 bool) string {
	var b []byte
	if v6 {
		b = ip.To16()
	} else {
		b = ip.To4()
	}
	if b == nil {
		return ""
	}
	var s strings.Builder
	for i := 0; i < len(b); i += 4 {
		fmt.Fprintf(&s, "%02X%02X%02X%02X", b[i+3], b[i+2], b[i+1], b[i])
	}
	return fmt.Sprintf("%s:%04X", s.String(), port)
}
