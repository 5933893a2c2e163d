swagger: "2.0"
info:
  title: Orders
  version: "1"
paths:
  /orders:
    get:
      x-google-backend:
        address: ${backend}/orders
        disable_auth: true # fail: operation - templatefile() with a known backend address
      responses:
        200:
          description: Orders
  /status:
    get:
      x-google-backend:
        address: ${runtime}/status # unknown: operation - the address is a Cloud Run URL known after apply
        disable_auth: true
      responses:
        200:
          description: Status
