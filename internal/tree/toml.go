package tree

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
)

// parseTOML decodes TOML into a Node tree. go-toml does not report the
// lines of keys, so they are found by scanning for "key =" and "[table]"
// lines; a key that cannot be found gets the line of its table.
func parseTOML(data []byte, offset int, w Words) (*Node, error) {
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		line := offset
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			line = offset + row - 1
		}
		return nil, &Error{Line: line, Message: w.The + " ist kein gültiges TOML (" + err.Error() + ")"}
	}
	lines := strings.Split(string(data), "\n")
	return convertTOML(m, lines, offset, "", offset), nil
}

func keyLine(lines []string, offset int, table, key string) int {
	inTable := table == ""
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			name := strings.Trim(t, "[] ")
			inTable = name == table
			if table != "" && name == table+"."+key {
				return offset + i
			}
			continue
		}
		if !inTable {
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return offset + i
		}
	}
	return -1
}

func convertTOML(v any, lines []string, offset int, table string, line int) *Node {
	n := &Node{Line: line, Kind: Scalar}
	switch v := v.(type) {
	case nil:
		n.Kind, n.Tag = Null, "null"
	case string:
		n.Text, n.Tag = v, "str"
	case bool:
		n.Text, n.Tag = strconv.FormatBool(v), "bool"
	case int64:
		n.Text, n.Tag = strconv.FormatInt(v, 10), "int"
	case float64:
		n.Text, n.Tag = strconv.FormatFloat(v, 'g', -1, 64), "float"
	case toml.LocalDate:
		n.Text, n.Tag = v.String(), "str"
	case toml.LocalDateTime:
		n.Text, n.Tag = v.String(), "str"
	case toml.LocalTime:
		n.Text, n.Tag = v.String(), "str"
	case time.Time:
		n.Text, n.Tag = v.Format(time.RFC3339Nano), "str"
	case []any:
		n.Kind = List
		for _, it := range v {
			n.Items = append(n.Items, convertTOML(it, lines, offset, table, line))
		}
	case map[string]any:
		n.Kind = Map
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		ls := map[string]int{}
		for _, k := range keys {
			l := keyLine(lines, offset, table, k)
			if l < 0 {
				l = line
			}
			ls[k] = l
		}
		slices.SortFunc(keys, func(a, b string) int {
			if ls[a] != ls[b] {
				return ls[a] - ls[b]
			}
			return strings.Compare(a, b)
		})
		for _, k := range keys {
			sub := k
			if table != "" {
				sub = table + "." + k
			}
			n.Fields = append(n.Fields, Field{Key: k, Line: ls[k], Value: convertTOML(v[k], lines, offset, sub, ls[k])})
		}
	default:
		n.Text, n.Tag = fmt.Sprint(v), "str"
	}
	return n
}
