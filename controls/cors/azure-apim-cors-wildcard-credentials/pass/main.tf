resource "azurerm_api_management_policy" "global" {
  api_management_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-api/providers/Microsoft.ApiManagement/service/contoso-apim"
  xml_content       = <<XML
<policies>
  <inbound>
    <cors allow-credentials="true">
      <allowed-origins>
        <origin>https://app.contoso.example</origin>
        <origin>https://admin.contoso.example</origin>
      </allowed-origins>
      <allowed-methods><method>GET</method><method>POST</method></allowed-methods>
      <allowed-headers><header>authorization</header><header>content-type</header></allowed-headers>
    </cors>
  </inbound>
  <backend><forward-request /></backend>
</policies>
XML
}

# Any origin, but without credentials: a public, read-only API.
resource "azurerm_api_management_api_policy" "catalog" {
  api_name            = "catalog"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = file("${path.module}/policies/catalog.xml")
}
