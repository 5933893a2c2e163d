resource "azurerm_api_management_api_policy" "reports" {
  api_name            = "reports"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <validate-jwt header-name="Authorization" failed-validation-httpcode="401">
      <issuer-signing-keys>
        <key>c2hhcmVkLWhtYWMtc2lnbmluZy1rZXktZm9yLXJlcG9ydHM=</key> <!-- fail: terraform-policy -->
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
      "x-functions-key" = "q8Zt3v1Xk9Lm2Np4Rs6Tu8Wy0Ab2Cd4Ef6Gh8Ij0KlMnOpQr==" # fail: backend
    }
  }
}
