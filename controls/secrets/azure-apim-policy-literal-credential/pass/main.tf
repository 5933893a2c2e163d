resource "azurerm_api_management_api_policy" "reports" {
  api_name            = "reports"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-jwt header-name="Authorization" failed-validation-httpcode="401">
      <openid-config url="https://login.microsoftonline.com/contoso.example/v2.0/.well-known/openid-configuration" />
      <issuer-signing-keys>
        <key certificate-id="reports-signing-cert" />
      </issuer-signing-keys>
      <audiences><audience>reports</audience></audiences>
    </validate-jwt>
  </inbound>
</policies>
XML
}

resource "azurerm_api_management_backend" "invoices" {
  name                = "invoices"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://invoices-func.azurewebsites.net/api"

  credentials {
    header = {
      "x-functions-key" = "{{invoices-function-key}}"
    }
  }
}

# no credentials block: not checked
resource "azurerm_api_management_backend" "orders" {
  name                = "orders"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://orders.internal.contoso.example"
}
