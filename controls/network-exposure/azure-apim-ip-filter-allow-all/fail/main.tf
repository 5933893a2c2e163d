resource "azurerm_api_management_api_policy" "reports" {
  api_name            = "reports"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <ip-filter action="allow"> <!-- fail: terraform-policy -->
      <address-range from="0.0.0.0" to="127.255.255.255" />
      <address-range from="128.0.0.0" to="255.255.255.255" />
    </ip-filter>
  </inbound>
</policies>
XML
}

resource "azurerm_api_management_policy" "global" {
  api_management_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-api/providers/Microsoft.ApiManagement/service/contoso-apim"
  xml_content       = file("${path.module}/policies/global.xml") # fail: terraform-policy
}

resource "azurerm_api_management_product_policy" "partners" {
  product_id          = "partners"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <ip-filter action="allow"> <!-- unknown: terraform-policy -->
      <address>203.0.113.10</address>
      <address-range from="{{partner-range-start}}" to="{{partner-range-end}}" />
    </ip-filter>
  </inbound>
</policies>
XML
}
