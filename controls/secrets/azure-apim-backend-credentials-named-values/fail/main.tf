variable "erp_api_key" {
  type      = string
  sensitive = true
}

resource "azurerm_api_management_backend" "erp" {
  name                = "erp"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://erp.contoso.example/api"

  credentials {
    header = {
      "x-api-key" = var.erp_api_key # unknown: backend
    }
  }
}

resource "azurerm_api_management_backend" "billing" {
  name                = "billing"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://billing.contoso.example/api"

  credentials {
    authorization {
      scheme    = "Basic"
      parameter = "YXBpOnNlY3JldA==" # fail: backend
    }
  }
}

resource "azurerm_api_management_backend" "crm" {
  name                = "crm"
  resource_group_name = "rg-api"
  api_management_name = "contoso-apim"
  protocol            = "http"
  url                 = "https://crm.contoso.example/api"

  credentials {
    query = { # fail: backend
      "code" = "Zm9vYmFyLWZ1bmN0aW9uLWtleQ=="
    }
  }
}
