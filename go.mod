module github.com/stadt-bamberg/integration

go 1.26.8
