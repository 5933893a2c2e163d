swagger: "2.0"
info:
  title: Orders
  version: "1"
paths:
  /orders:
    get:
      x-google-backend:
        address: ${backend}/orders
        disable_auth: true
      responses:
        200:
          description: Orders
  /status:
    get:
      x-google-backend:
        address: ${runtime}/status
        disable_auth: true
      responses:
        200:
          description: Status
