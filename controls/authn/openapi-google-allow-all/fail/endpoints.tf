resource "google_endpoints_service" "echo" {
  service_name   = "echo-api.endpoints.example-project.cloud.goog"
  project        = "example-project"
  openapi_config = file("${path.module}/echo/openapi.yaml")
}
