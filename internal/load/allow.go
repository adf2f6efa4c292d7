package load

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/stadt-bamberg/integration/internal/safeurl"
)

// Publishable files. A file under content/ that is not Markdown is
// published as it is, on the same origin as /admin/, where the editors'
// CMS keeps their login in the browser. A web page, a script or an SVG
// image with a script put there would run with the site's rights — read
// that login, or send readers elsewhere — and a Content-Security-Policy
// cannot tell it from the site's own files. So only what readers
// download or look at is published: the documents and pictures listed
// here, SVG images only without anything that runs. Anything else is an
// error at the file.

// documentExts are the extensions of documents (readers download and
// open them with another program) and of plain data readers' programs
// read: office formats, ODF, PDF, plain text, CSV, calendars, archives.
var documentExts = []string{
	".pdf", ".doc", ".docx", ".rtf", ".odt", ".xls", ".xlsx", ".ods", ".csv",
	".ppt", ".pptx", ".odp", ".epub", ".zip", ".txt", ".ics",
}

// imageExts are the extensions of pictures a browser shows without
// running anything (SVG is checked on its own: see scriptableSVG).
var imageExts = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}

// mediaExts are sound, video and their captions.
var mediaExts = []string{".mp3", ".m4a", ".ogg", ".mp4", ".webm", ".vtt"}

// notPublishable says, in the words of the message an editor reads, why
// the file at p (a path in fsys) may not be published, or "".
func notPublishable(fsys fs.FS, p string) string {
	ext := strings.ToLower(path.Ext(p))
	switch {
	case slices.Contains(documentExts, ext), slices.Contains(imageExts, ext), slices.Contains(mediaExts, ext):
		return ""
	case ext == ".svg":
		f, err := fsys.Open(p)
		if err != nil {
			return "" // the copy reports it
		}
		defer f.Close()
		if why := scriptableSVG(io.LimitReader(f, MaxPageSize+1)); why != "" {
			return "Das SVG-Bild " + why + " – so wird es nicht veröffentlicht, denn im Browser geöffnet könnte es Programme ausführen. Bitte das Bild ohne Skripte speichern (z. B. als „Normales SVG“ oder als PNG)"
		}
		return ""
	}
	kind := "ohne Endung"
	if ext != "" {
		kind = "vom Typ " + ext
	}
	return "Dateien " + kind + " werden nicht veröffentlicht: neben den Seiten sind nur Dokumente (PDF, Word, Excel, PowerPoint, OpenDocument, RTF, EPUB, CSV, TXT, ICS, ZIP), Bilder (JPEG, PNG, GIF, WebP, AVIF, SVG ohne Skripte) sowie Ton und Video (MP3, M4A, OGG, MP4, WebM, VTT) erlaubt – Webseiten und Skripte könnten im Browser Programme ausführen"
}

// scriptableSVG returns what in the SVG document r could run script, or
// "" when nothing does: a script or foreignObject element (HTML inside),
// an event attribute (onload=…), a link or animation to a javascript: or
// data: address, an entity declaration (which could hide any of these),
// an external reference – a file the picture loads (<image href>, <use
// href> to another file, url(…) or @import in a style; links of <a> are
// not loaded, and "#id" and data: raster images are inside the file) –
// or a document that is not XML at all (browsers would not show it
// either, and it cannot be checked).
func scriptableSVG(r io.Reader) string {
	d := xml.NewDecoder(r)
	d.Strict = true
	inStyle := false // in a <style> element
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return ""
		}
		if err != nil {
			return "ist kein gültiges XML (" + err.Error() + ")"
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				return "enthält eine Entity-Deklaration (<!ENTITY …>)"
			}
		case xml.ProcInst:
			if strings.EqualFold(t.Target, "xml-stylesheet") {
				return "bindet ein Stylesheet ein (<?xml-stylesheet …?>)"
			}
		case xml.CharData:
			if why := externalRef("style", "style", string(t)); why != "" && inStyle {
				return why
			}
		case xml.EndElement:
			inStyle = false
		case xml.StartElement:
			inStyle = strings.EqualFold(t.Name.Local, "style")
			switch strings.ToLower(t.Name.Local) {
			case "script":
				return "enthält ein Skript (<script>)"
			case "foreignobject":
				return "enthält HTML (<foreignObject>)"
			case "iframe", "embed", "object":
				return "bettet andere Inhalte ein (<" + t.Name.Local + ">)"
			}
			elem := strings.ToLower(t.Name.Local)
			for _, a := range t.Attr {
				name := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(name, "on") {
					return "enthält ein Ereignis-Attribut, das ein Skript startet (" + a.Name.Local + "=…)"
				}
				if s := safeurl.Scheme(a.Value); s != "" {
					return "enthält eine Adresse mit " + s + " (" + a.Name.Local + "=…)"
				}
				if why := externalRef(elem, name, a.Value); why != "" {
					return why
				}
				// An animation sets an address from a list anywhere in it;
				// an embedded photo (a raster data: URL) is what drawing
				// programs save.
				if name == "values" || name == "to" || name == "from" {
					v := safeurl.Normal(a.Value)
					for _, s := range []string{"javascript:", "vbscript:", "data:"} {
						if strings.Contains(v, s) && !(s == "data:" && strings.HasPrefix(v, s) && safeurl.Scheme(v) == "") {
							return "enthält eine Adresse mit " + s + " (" + a.Name.Local + "=…)"
						}
					}
				}
			}
		}
	}
}

// externalRef says why the attribute name="value" of the element elem
// (lower case; "style", "style" for the text of a <style> element)
// references another file, or "".
func externalRef(elem, name, value string) string {
	v := strings.TrimSpace(value)
	switch {
	case name == "style":
		low := strings.ToLower(v)
		if strings.Contains(low, "@import") {
			return "lädt ein anderes Stylesheet (@import)"
		}
		for rest := low; ; {
			i := strings.Index(rest, "url(")
			if i < 0 {
				return ""
			}
			rest = strings.TrimLeft(rest[i+4:], " \t\n'\"")
			if !strings.HasPrefix(rest, "#") && !strings.HasPrefix(rest, "data:image/") {
				return "lädt eine andere Datei (url(…) im Stil)"
			}
		}
	case (name == "href" || name == "src") && elem != "a":
		if v == "" || strings.HasPrefix(v, "#") || strings.HasPrefix(strings.ToLower(v), "data:") {
			return "" // inside the file (data: that runs is Scheme's)
		}
		return "lädt eine andere Datei (<" + elem + " " + name + "=\"" + value + "\">) – Bilder und Schriften bitte ins SVG einbetten"
	}
	return ""
}
