resource "google_cloud_run_v2_service" "orders" {
  name     = "orders"
  location = "europe-west1"
}

resource "google_api_gateway_api_config" "orders" {
  provider = google-beta
  api      = "orders"

  openapi_documents {
    document {
      path = "orders.yaml"
      contents = base64encode(templatefile("${path.module}/orders.yaml.tpl", {
        backend = "https://orders-abcdef-ew.a.run.app"
        runtime = google_cloud_run_v2_service.orders.uri
      }))
    }
  }
}
