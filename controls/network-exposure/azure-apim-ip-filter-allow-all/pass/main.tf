resource "azurerm_api_management_api_policy" "reports" {
  api_name            = "reports"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <ip-filter action="allow">
      <address>203.0.113.10</address>
      <address-range from="10.20.0.0" to="10.20.255.255" />
    </ip-filter>
    <ip-filter action="forbid">
      <address-range from="0.0.0.0" to="255.255.255.255" />
    </ip-filter>
  </inbound>
</policies>
XML
}

# Without an ip-filter: not checked.
resource "azurerm_api_management_api_policy" "orders" {
  api_name            = "orders"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = file("${path.module}/policies/orders.xml")
}
