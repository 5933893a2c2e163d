resource "google_api_gateway_api_config" "inventory" {
  provider      = google-beta
  api           = "inventory"
  api_config_id = "inventory-v1"

  openapi_documents {
    document {
      path     = "inventory.yaml"
      contents = filebase64("${path.module}/inventory.yaml")
    }
  }
}
