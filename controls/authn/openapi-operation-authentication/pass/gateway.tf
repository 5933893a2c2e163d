resource "google_api_gateway_api_config" "inventory" {
  provider      = google-beta
  api           = "inventory"
  api_config_id = "inventory-v1"

  openapi_documents {
    document {
      path = "inventory.yaml"
      contents = base64encode(<<-EOT
        swagger: "2.0"
        info:
          title: Inventory
          version: "1"
        securityDefinitions:
          firebase:
            authorizationUrl: ""
            flow: implicit
            type: oauth2
            x-google-issuer: https://securetoken.google.com/inventory-prod
            x-google-jwks_uri: https://www.googleapis.com/service_accounts/v1/metadata/x509/securetoken@system.gserviceaccount.com
            x-google-audiences: inventory-prod
        security:
          - firebase: []
        x-google-backend:
          address: https://inventory-abcdef-uc.a.run.app
        paths:
          /items:
            get:
              operationId: listItems
              responses:
                200:
                  description: Items
      EOT
      )
    }
  }
}
