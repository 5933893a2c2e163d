resource "azurerm_api_management" "svc" {
  name                = "contoso-apim"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  policy {
    xml_content = <<XML
<policies>
  <inbound>
    <cors allow-credentials="true">
      <allowed-origins> <!-- fail: terraform-policy -->
        <origin>*</origin>
      </allowed-origins>
      <allowed-methods><method>GET</method><method>POST</method></allowed-methods>
      <allowed-headers><header>*</header></allowed-headers>
    </cors>
  </inbound>
  <backend><forward-request /></backend>
</policies>
XML
  }
}

resource "azurerm_api_management_api_policy" "profile" {
  api_name            = "profile"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = file("${path.module}/policies/profile.xml") # fail: terraform-policy
}

resource "azurerm_api_management_api_policy" "search" {
  api_name            = "search"
  api_management_name = "contoso-apim"
  resource_group_name = "rg-api"
  xml_content         = <<XML
<policies>
  <inbound>
    <base />
    <cors allow-credentials="@(context.Variables.GetValueOrDefault<bool>("allowCredentials"))"> <!-- unknown: terraform-policy -->
      <allowed-origins>
        <origin>*</origin>
      </allowed-origins>
      <allowed-headers><header>content-type</header></allowed-headers>
    </cors>
  </inbound>
</policies>
XML
}
